package org.bounceguard.mailets;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.transport.mailets.DSNBounce;
import org.bounceguard.mailetbase.GuardedNdr;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.NdrSuppressionService;

/**
 * James's {@code DSNBounce} (RFC 3464 DSNs, used for RemoteDelivery failures), but never to a dubious source: replace {@code class="DSNBounce"} with
 * {@code class="org.bounceguard.mailets.GuardedDSNBounce"}; DSNBounce's own parameters work unchanged.
 * Guard parameters: {@code dnsblThreshold} (1: any positive score), {@code zones} (none: use the stored verdict),
 * {@code suppressOnSpfSoftfail} (false), {@code suppressOnSpam} (true), {@code spamAttributes},
 * {@code checkSenderDomain} (true), {@code suppressAutoSubmitted} (true),
 * {@code suppressPrecedence} (true), {@code auditRepository} (none).
 */
public class GuardedDSNBounce extends GuardedNdr<DSNBounce> {
    @Inject
    public GuardedDSNBounce(DNSService dnsService, DnsblService dnsblService, NdrSuppressionService suppression,
                         MailRepositoryStore repositoryStore) {
        super(dnsblService, suppression, repositoryStore, new DSNBounce(dnsService));
    }
}
