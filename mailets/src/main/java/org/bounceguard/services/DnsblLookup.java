package org.bounceguard.services;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.Verdict;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.findings.ClientCheck;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.net.TrustedRelays;

/**
 * One configured DNSBL check of a mail, as {@code DnsblCheck}, {@code InDnsbl} and a guarded
 * bounce's {@code zones} use it: which zones, how long to wait, which relays to see through.
 * Never throws: the engine fails open, so DNS trouble never sends a mail to James's error repository.
 */
public final class DnsblLookup {
    private final DnsblService service;
    private final List<ZoneSpec> zones;
    private final Optional<Duration> deadline;
    private final TrustedRelays trustedRelays;

    public DnsblLookup(DnsblService service, List<ZoneSpec> zones, Optional<Duration> deadline, TrustedRelays trustedRelays) {
        this.service = service;
        this.zones = List.copyOf(zones);
        this.deadline = deadline;
        this.trustedRelays = trustedRelays;
        service.watch(this.zones);
    }

    public DnsblFinding check(Mail mail) {
        Optional<InetAddress> client = MailFacts.client(mail, trustedRelays);
        return check(client, MailFacts.dnsblQuery(mail, client));
    }

    /**
     * The same check for a mail still in its SMTP session, before James has copied the
     * connecting address and the HELO name onto it.
     */
    public DnsblFinding checkInSession(Mail mail, Optional<InetAddress> connecting, Optional<String> helo) {
        Optional<InetAddress> client = MailFacts.client(connecting, mail, trustedRelays);
        return check(client, MailFacts.dnsblQuery(mail, client, helo));
    }

    private DnsblFinding check(Optional<InetAddress> client, DnsblQuery query) {
        DnsblRequest request = DnsblRequest.of(query, zones);
        Verdict verdict = service.engine().checkBlocking(deadline.map(request::within).orElse(request));
        return new DnsblFinding(ClientCheck.of(client), verdict);
    }
}
