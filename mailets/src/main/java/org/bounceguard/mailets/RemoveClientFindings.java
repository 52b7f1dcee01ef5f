package org.bounceguard.mailets;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.bounceguard.findings.FindingHeaders;
import org.bounceguard.james.BounceguardMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes every {@code X-Bounceguard-*} header a mail arrives with, so that a finding a user or an
 * operator reads was made by this server, never written by the sender (a forged
 * {@code X-Bounceguard-Backscatter: none}, say). Place it first in {@code root}, before any matcher
 * reads the mail. A mail whose MIME structure does not parse is left as it is (see
 * {@link FindingHeaders}).
 */
public class RemoveClientFindings extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RemoveClientFindings.class);

    @Override
    public void service(Mail mail) {
        try {
            List<String> removed = FindingHeaders.removeAll(mail);
            if (!removed.isEmpty()) {
                LOGGER.info("Mail {} from {} arrived with {}: removed", mail.getName(), mail.getMaybeSender().asString(), removed);
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Could not read the headers of mail {}: {}", mail.getName(), e.toString());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Removes X-Bounceguard-* headers sent by clients (Bounceguard)";
    }
}
