package org.bounceguard.mailets;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.bounceguard.findings.CarriedFindings;
import org.bounceguard.james.BounceguardMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the mail's attributes - the DNSBL verdict, James's SPF result, the authenticated user,
 * an earlier answer - into its message ({@link CarriedFindings#HEADER}), replacing any such header
 * already there, so that they survive where James rebuilds a mail from its message:
 * {@code RecipientRewriteTable} sends a mail whose mappings fail to its {@code errorProcessor} as
 * a new mail without attributes. Put it right before {@code RecipientRewriteTable}, and
 * {@link RestoreFindings} right after it and first in the error processor.
 */
public class KeepFindings extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeepFindings.class);

    @Override
    public void service(Mail mail) {
        Optional<String> value = CarriedFindings.encode(mail);
        try {
            if (value.isPresent()) {
                mail.getMessage().setHeader(CarriedFindings.HEADER, value.get());
            } else {
                mail.getMessage().removeHeader(CarriedFindings.HEADER);
            }
        } catch (MessagingException e) {
            // the attributes stay on this mail; only a rebuilt copy would lack them
            LOGGER.warn("Could not write the findings of mail {} into its message: {}", mail.getName(), e.getMessage());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Keeps the mail's findings in its message (Bounceguard)";
    }
}
