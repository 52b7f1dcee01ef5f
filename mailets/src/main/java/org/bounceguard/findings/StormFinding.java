package org.bounceguard.findings;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * Whether a bounce's unproven recipients were counted towards their bounce storms already
 * (attribute {@code bounceguard.storm.counted}), so that the SMTP session ({@code BounceStormHook})
 * and {@code IsBackscatter} never count one bounce twice.
 */
public final class StormFinding {
    public static final AttributeName COUNTED = AttributeName.of("bounceguard.storm.counted");

    private StormFinding() {
    }

    public static void markCounted(Mail mail) {
        MailAttributes.set(mail, COUNTED, AttributeValue.of(true));
    }

    public static boolean counted(Mail mail) {
        return mail.getAttribute(COUNTED).isPresent();
    }
}
