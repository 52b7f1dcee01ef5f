package org.bounceguard.smtp;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.bounceguard.services.UnroutableSenderService;
import org.bounceguard.suppression.MailDomainStatus;
import org.bounceguard.suppression.UnroutableSenderPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, at MAIL FROM, a sender whose domain cannot receive mail: no bounce, auto-reply or
 * answer to it could ever be delivered, so accepting the mail can only end in backscatter or in
 * the quarantine. A domain whose MX is {@code 0 .} (RFC 7505 null MX) gets {@code 550 5.7.27}; a
 * domain that does not exist or has no MX, A or AAAA record gets {@code unroutableSender.unknownDomainCode}
 * ({@code 450 4.1.8} by default). The answers come from the server's one sender-domain check
 * ({@code suppression.SenderDomainCheck}, the definition the guarded bounces use too).
 *
 * <p>Never refused: the null sender, a sender at one of our own domains, an SMTP-authenticated or
 * relay-allowed client, and anyone while DNS gives no deciding answer (a timeout, SERVFAIL,
 * REFUSED, an alias left unresolved): a DNS outage never costs a mail. {@code unroutableSender.enabled=false}
 * in {@code bounceguard.properties} turns it off without editing {@code smtpserver.xml}. It takes no
 * parameters of its own:
 *
 * <pre>{@code
 * <handler class="org.bounceguard.smtp.UnroutableSenderRefusal"/>
 * }</pre>
 *
 * <p>Counted in the {@code org.bounceguard:type=UnroutableSender} MBean and the
 * {@code bounceguard_unroutable_sender_*} gauges, one set per server for every declaration.
 */
public class UnroutableSenderRefusal implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(UnroutableSenderRefusal.class);

    private final UnroutableSenderService service;
    private final DomainList domains;

    @Inject
    public UnroutableSenderRefusal(UnroutableSenderService service, DomainList domains) {
        this.service = service;
        this.domains = domains;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        new HandlerParameters("UnroutableSenderRefusal", config).requireKnown(Set.of());
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (!service.settings().enabled() || sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        if (session.getUsername() != null || session.isRelayingAllowed()) {
            service.counters().recordTrustedClient();
            return HookResult.DECLINED;
        }
        MailAddress address = sender.get();
        if (isOurs(address.getDomain())) {
            service.counters().recordOwnDomain();
            return HookResult.DECLINED;
        }
        String domain = address.getDomain().asString();
        MailDomainStatus status = service.status(domain);
        Optional<UnroutableSenderPolicy.Refusal> refusal = service.settings().policy().decide(domain, status);
        service.counters().recordChecked(status, refusal.isPresent());
        if (refusal.isEmpty()) {
            if (status instanceof MailDomainStatus.Undetermined) {
                LOGGER.debug("Accepted MAIL FROM {}: DNS did not decide about {} ({})", address.asString(), domain, status.code());
            }
            return HookResult.DECLINED;
        }
        LOGGER.info("Refused MAIL FROM {} from {} with {}: {}", address.asString(), SessionFacts.client(session)
            .map(client -> client.getHostAddress()).orElse("unknown client"), refusal.get().code(), status.code());
        return HookResult.builder()
            .hookReturnCode(refusal.get().code() >= 500 ? HookReturnCode.deny() : HookReturnCode.denySoft())
            .smtpReturnCode(String.valueOf(refusal.get().code()))
            .smtpDescription(refusal.get().text())
            .build();
    }

    private boolean isOurs(Domain domain) {
        try {
            return domains.containsDomain(domain);
        } catch (Exception e) {
            // cannot tell whether the domain is ours: not checking it is the safe side
            return true;
        }
    }
}
