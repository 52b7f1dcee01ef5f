package org.bounceguard.mailets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.backscatter.batv.BatvTag;
import org.bounceguard.findings.BatvFinding;
import org.bounceguard.mailetbase.BatvMailets;
import org.bounceguard.mailetbase.BounceguardMailet;

/**
 * Checks the BATV tag of every recipient in a signing domain and delivers to the plain address:
 * {@code prvs=1234abcdef=bob@example.org} becomes {@code bob@example.org}. What it found is kept
 * per recipient in the attribute {@code bounceguard.batv.results} ({@code valid}, {@code missing},
 * {@code expired}, {@code bad-signature}, {@code unknown-key}, {@code malformed}) for
 * {@code IsBackscatter}. Place it first in the root processor.
 */
public class BatvStrip extends BounceguardMailet {
    private final BatvMailets batv;

    @Inject
    public BatvStrip(BatvMailets batv) {
        this.batv = batv;
    }

    @Override
    public void service(Mail mail) {
        Map<String, BatvResult> results = new LinkedHashMap<>();
        List<MailAddress> recipients = new ArrayList<>();
        boolean changed = false;
        for (MailAddress recipient : mail.getRecipients()) {
            if (!batv.signs(recipient, getMailetContext())) {
                recipients.add(recipient);
                continue;
            }
            BatvResult result = batv.service().verify(recipient.asString());
            MailAddress delivered = plain(recipient, result);
            changed |= !delivered.equals(recipient);
            recipients.add(delivered);
            results.put(delivered.asString(), result);
            if (BatvTag.hasPrefix(recipient.asString())) {
                batv.counters().recordVerified(result.isValid());
            }
        }
        if (changed) {
            mail.setRecipients(recipients);
        }
        BatvFinding.write(mail, results);
    }

    private static MailAddress plain(MailAddress recipient, BatvResult result) {
        try {
            return new MailAddress(result.originalAddress());
        } catch (AddressException e) {
            return recipient;
        }
    }

    @Override
    public String getMailetInfo() {
        return "BATV tag verification and stripping (Bounceguard)";
    }
}
