package org.bounceguard.findings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.ZoneSpec;

/**
 * A DNSBL verdict made in the SMTP session and carried by the mail to {@code DnsblCheck}, which
 * writes it as the mail's {@link DnsblFinding}: the finding in its stored form, the settings of the
 * check that made it and how long the session waited. {@code DnsblCheck} takes the verdict when its
 * settings are the same, so a mail processed again later (reprocessed from a repository) is looked
 * up afresh.
 */
public final class AttachedVerdict {
    /** Map: the {@link DnsblFinding} in its stored form, attribute name → value. */
    public static final AttributeName ATTACHED = AttributeName.of("bounceguard.dnsbl.attached");
    /** Map: the {@link DnsblCheckSettings} of the check whose verdict the mail carries. */
    public static final AttributeName ATTACHED_FOR = AttributeName.of("bounceguard.dnsbl.attachedFor");
    /** Long: milliseconds the SMTP session waited for the verdict (near 0 when the connect-time prefetch had it). */
    public static final AttributeName SESSION_WAITED_MILLIS = AttributeName.of("bounceguard.dnsbl.sessionWaitedMillis");

    private AttachedVerdict() {
    }

    public static void attach(Mail mail, DnsblCheckSettings check, DnsblFinding finding, long waitedMillis) {
        mail.setAttribute(new Attribute(ATTACHED, finding.stored().asAttributeValue()));
        mail.setAttribute(new Attribute(SESSION_WAITED_MILLIS, AttributeValue.of(waitedMillis)));
        MailAttributes.set(mail, ATTACHED_FOR, MailAttributes.stringListMap(settingsAsText(check)));
    }

    /**
     * The verdict this mail carries for a check with these settings, removed from the mail; empty
     * when it carries none (another listener, a reprocessed mail, another check, an older version's form).
     */
    public static Optional<DnsblFinding.Stored> take(Mail mail, DnsblCheckSettings check) {
        if (!MailAttributes.stringListMap(mail, ATTACHED_FOR).equals(settingsAsText(check))) {
            return Optional.empty();
        }
        Optional<DnsblFinding.Stored> attached = MailAttributes.raw(mail, ATTACHED).flatMap(DnsblFinding.Stored::fromAttributeValue);
        mail.removeAttribute(ATTACHED_FOR);
        mail.removeAttribute(ATTACHED);
        return attached;
    }

    /** The verdict this mail carries, left on it; for a decision in the SMTP session, before {@code DnsblCheck} takes it. */
    public static Optional<DnsblFinding.Stored> peek(Mail mail) {
        return MailAttributes.raw(mail, ATTACHED).flatMap(DnsblFinding.Stored::fromAttributeValue);
    }

    /** What two nodes compare: each setting as text, secrets of renamed zones left out as {@link ZoneSpec#toString()} leaves them. */
    private static Map<String, List<String>> settingsAsText(DnsblCheckSettings check) {
        Map<String, List<String>> text = new LinkedHashMap<>();
        text.put("zones", check.zones().stream().map(ZoneSpec::toString).toList());
        text.put("deadline", check.deadline().map(Duration::toString).stream().toList());
        text.put("trustedRelays", check.trustedRelays().entries());
        text.put("checkAuthenticated", List.of(String.valueOf(check.checkAuthenticated())));
        return text;
    }
}
