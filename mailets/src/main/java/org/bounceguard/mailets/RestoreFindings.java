package org.bounceguard.mailets;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.bounceguard.findings.CarriedFindings;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.james.BounceguardMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets back the attributes {@link KeepFindings} wrote into the message on a mail that lacks them
 * (one James rebuilt from its message, e.g. in {@code RecipientRewriteTable}'s error processor),
 * and removes the header: users' mailboxes and other servers never see it. Attributes the mail
 * still has keep their values. An unreadable header is removed and logged; the mail goes on.
 */
public class RestoreFindings extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RestoreFindings.class);

    @Override
    public void service(Mail mail) {
        Optional<String> header = MailFacts.header(mail, CarriedFindings.HEADER);
        if (header.isEmpty()) {
            return;
        }
        try {
            CarriedFindings.restore(mail, header.get());
        } catch (IllegalArgumentException e) {
            LOGGER.warn("Mail {}: header {} is unreadable ({}); removed", mail.getName(), CarriedFindings.HEADER, e.getMessage());
        }
        try {
            mail.getMessage().removeHeader(CarriedFindings.HEADER);
        } catch (MessagingException e) {
            LOGGER.warn("Could not remove header {} from mail {}: {}", CarriedFindings.HEADER, mail.getName(), e.getMessage());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Restores the findings kept in the message (Bounceguard)";
    }
}
