package org.bounceguard.findings;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * A DNSBL verdict made in the SMTP session and carried by the mail: the usual verdict attributes
 * ({@link DnsblFinding}) plus a marker naming the check that made them. {@code DnsblCheck}
 * takes the marker when it uses the verdict, so a mail processed again later (reprocessed from a
 * repository) is looked up afresh.
 */
public final class AttachedVerdict {
    /** String: the {@link SessionCheck#signature()} of the check whose verdict the mail carries. */
    public static final AttributeName ATTACHED_FOR = AttributeName.of("bounceguard.dnsbl.attachedFor");
    /** Long: milliseconds the SMTP session waited for the verdict (near 0 when the connect-time prefetch had it). */
    public static final AttributeName SESSION_WAITED_MILLIS = AttributeName.of("bounceguard.dnsbl.sessionWaitedMillis");

    private AttachedVerdict() {
    }

    public static void attach(Mail mail, String signature, DnsblFinding finding, long waitedMillis) {
        finding.writeTo(mail);
        mail.setAttribute(new Attribute(SESSION_WAITED_MILLIS, AttributeValue.of(waitedMillis)));
        mail.setAttribute(new Attribute(ATTACHED_FOR, AttributeValue.of(signature)));
    }

    /**
     * The one-line summary of the verdict this mail carries for {@code signature}, removing the
     * marker; empty when it carries none (another listener, a reprocessed mail, another check).
     */
    public static Optional<String> take(Mail mail, String signature) {
        boolean attached = mail.getAttribute(ATTACHED_FOR)
            .map(attribute -> signature.equals(attribute.getValue().value()))
            .orElse(false);
        if (!attached) {
            return Optional.empty();
        }
        mail.removeAttribute(ATTACHED_FOR);
        return DnsblFinding.summary(mail);
    }
}
