package org.bounceguard.mailets;

import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.mailetbase.BounceguardMailet;
import org.bounceguard.mailetbase.Parameters;
import org.bounceguard.services.SrsService;
import org.bounceguard.srs.SrsSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the envelope sender of mail this server forwards to another domain - an address
 * forward through {@code RecipientRewriteTable}, a Sieve {@code redirect}, an alias - into an SRS
 * address of {@code srs.domain}: {@code SRS0=HHHHHHHH=TT=origin.example=alice@srs-domain}, or
 * {@code SRS1=...} when the sender is already another forwarder's SRS address. The receiving
 * server then checks SPF against our domain, and its bounces come back here
 * ({@code SrsRcptHook}, {@code SrsReverse}) instead of going straight to the original sender.
 *
 * <p>What the forwarded mail's source was - listed by a DNSBL at or above {@code dnsblThreshold}
 * (default 1), SPF {@code fail}, or neither - is carried in the address's keyed hash, so the
 * answer is judged by the original's findings on whichever node it returns to.
 *
 * <p>Untouched: the null sender, a sender of a local domain (our users' own mail, which BATV signs),
 * a sender already at {@code srs.domain}, and SMTP-authenticated mail this server did not
 * generate. Place it right before {@code RemoteDelivery}, after {@code BatvSign}, with the same
 * matcher. A sender it cannot rewrite (quoted local part) leaves unchanged, logged.
 */
public class SrsForward extends BounceguardMailet {
    static final String DNSBL_THRESHOLD = "dnsblThreshold";
    private static final Logger LOGGER = LoggerFactory.getLogger(SrsForward.class);

    private final SrsService srs;
    private int dnsblThreshold;

    @Inject
    public SrsForward(SrsService srs) {
        this.srs = srs;
    }

    @Override
    protected Set<String> parameters() {
        return Set.of(DNSBL_THRESHOLD);
    }

    @Override
    protected void configure(Parameters parameters) throws MessagingException {
        String threshold = getInitParameter(DNSBL_THRESHOLD);
        dnsblThreshold = threshold == null ? 1 : parameters.integer(DNSBL_THRESHOLD, threshold, 1);
    }

    @Override
    public void service(Mail mail) {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty()
            || getMailetContext().isLocalServer(sender.get().getDomain())
            || srs.isOurs(sender.get().asString())
            || (MailFacts.isAuthenticated(mail) && mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isEmpty())) {
            return;
        }
        if (!(mail instanceof MailImpl impl)) {
            LOGGER.warn("Mail {} cannot have its envelope sender changed ({}); forwarded without SRS", mail.getName(), mail.getClass().getName());
            return;
        }
        try {
            impl.setSender(new MailAddress(srs.forward(sender.get().asString(), source(mail))));
        } catch (IllegalArgumentException | AddressException e) {
            LOGGER.info("Mail {} from {} forwarded without SRS: {}", mail.getName(), sender.get().asString(), e.getMessage());
        }
    }

    private SrsSource source(Mail mail) {
        if (DnsblFinding.score(mail).orElse(0) >= dnsblThreshold) {
            return SrsSource.LISTED;
        }
        return MailFacts.spfResult(mail).filter("fail"::equalsIgnoreCase).isPresent() ? SrsSource.SPF_FAIL : SrsSource.CLEAN;
    }

    @Override
    public String getMailetInfo() {
        return "SRS rewriting of forwarded mail's envelope sender (Bounceguard)";
    }
}
