package org.bounceguard.mailets;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.bounceguard.backscatter.batv.BatvVerifier;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.james.BounceguardMailet;
import org.bounceguard.james.OutboundLedgerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a mail written here and leaving for remote domains in the outbound ledger: keyed hashes
 * of its Message-ID with each (return address, recipient) pair - the return addresses being the
 * envelope sender (without its BATV tag) and the authenticated identity, never a {@code From:}
 * header, which anyone can write. Place it just before {@code BatvSign} / {@code RemoteDelivery},
 * with the same matcher.
 *
 * <p>Only mail written here seeds the ledger: mail submitted by an authenticated user, or sent
 * from one of our networks ({@code authorizedAddresses}) with one of our domains as the envelope
 * sender. A copy James makes of inbound mail - a forward, a Sieve redirect, an alias expansion, a
 * mailing-list copy, our own NDRs - is never recorded: whoever wrote the original could otherwise
 * choose Message-IDs the ledger then vouches for. Mail without a Message-ID is not recorded;
 * recording never stops a mail.
 */
public class RecordOutbound extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordOutbound.class);
    /** Set by James's SMTP server on mail from an {@code authorizedAddresses} client. */
    static final AttributeName FROM_AUTHORIZED_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");

    private final OutboundLedgerService ledger;

    @Inject
    public RecordOutbound(OutboundLedgerService ledger) {
        this.ledger = ledger;
    }

    @Override
    public void service(Mail mail) {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty() || !writtenHere(mail, sender.get())) {
            return;
        }
        try {
            Set<String> returnAddresses = new LinkedHashSet<>();
            String envelopeSender = sender.get().asString();
            returnAddresses.add(BatvVerifier.stripTag(envelopeSender).orElse(envelopeSender));
            authenticatedIdentity(mail).ifPresent(returnAddresses::add);
            List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
            ledger.record(mail.getMessage().getMessageID(), returnAddresses, recipients);
        } catch (MessagingException | RuntimeException e) {
            // the ledger is evidence for later; the mail goes out regardless
            LOGGER.warn("Mail {} could not be recorded in the outbound ledger: {}", mail.getName(), e.toString());
        }
    }

    private boolean writtenHere(Mail mail, MailAddress sender) {
        if (mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent()) {
            return false;
        }
        if (MailFacts.isAuthenticated(mail)) {
            return true;
        }
        boolean fromOurNetworks = mail.getAttribute(FROM_AUTHORIZED_NETWORK)
            .map(attribute -> Boolean.TRUE.equals(attribute.getValue().value()))
            .orElse(false);
        return fromOurNetworks && getMailetContext().isLocalServer(sender.getDomain());
    }

    /** The SMTP AUTH user, when it is a mail address (James's users are, with virtual hosting). */
    private static Optional<String> authenticatedIdentity(Mail mail) {
        return mail.getAttribute(Mail.SMTP_AUTH_USER)
            .map(attribute -> attribute.getValue())
            .map(AttributeValue::value)
            .map(String::valueOf)
            .filter(user -> user.indexOf('@') > 0);
    }

    @Override
    public String getMailetInfo() {
        return "Records mail written here in the outbound ledger (Bounceguard)";
    }
}
