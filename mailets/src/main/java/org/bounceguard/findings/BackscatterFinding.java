package org.bounceguard.findings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.bounceguard.backscatter.BackscatterEvidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What backscatter detection found about an incoming bounce, in two steps:
 * <ul>
 *     <li>the <b>evidence</b>, computed once by {@code IsBackscatter} (attribute
 *     {@code bounceguard.backscatter.evidence}: a map with the reason codes found under
 *     {@code reasons}, the sources proving the bounce legitimate under {@code proofs} and the
 *     recipients it is proven for under {@code proven}), which
 *     {@code RecordBackscatter} reads instead of asking the sources again;</li>
 *     <li>the <b>quarantine</b>, recorded by {@code RecordBackscatter} (attribute
 *     {@code bounceguard.backscatter.reasons}, a list of reason codes, and the header
 *     {@code X-Bounceguard-Backscatter: batv-missing; relays-unknown}), which keeps the guarded
 *     bounce mailets from ever bouncing the mail.</li>
 * </ul>
 */
public final class BackscatterFinding {
    /** Map: {@code reasons} → list of reason codes, {@code proofs} → list of evidence source names, {@code proven} → list of recipients. */
    public static final AttributeName EVIDENCE = AttributeName.of("bounceguard.backscatter.evidence");
    /** List of reason codes, set on a bounce classified as backscatter. */
    public static final AttributeName REASONS = AttributeName.of("bounceguard.backscatter.reasons");
    public static final String DEFAULT_HEADER = "X-Bounceguard-Backscatter";

    private static final String REASONS_KEY = "reasons";
    private static final String PROOFS_KEY = "proofs";
    private static final String PROVEN_KEY = "proven";
    private static final Logger LOGGER = LoggerFactory.getLogger(BackscatterFinding.class);

    private BackscatterFinding() {
    }

    public static void writeEvidence(Mail mail, BackscatterEvidence evidence) {
        MailAttributes.set(mail, EVIDENCE, AttributeValue.of(Map.of(
            REASONS_KEY, MailAttributes.strings(evidence.reasons()),
            PROOFS_KEY, MailAttributes.strings(evidence.proofs()),
            PROVEN_KEY, MailAttributes.strings(evidence.provenRecipients()))));
    }

    /** The evidence stored on the mail; empty when it was never computed. */
    public static Optional<BackscatterEvidence> evidence(Mail mail) {
        if (mail.getAttribute(EVIDENCE).isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<String>> stored = MailAttributes.stringListMap(mail, EVIDENCE);
        return Optional.of(new BackscatterEvidence(stored.getOrDefault(REASONS_KEY, List.of()), stored.getOrDefault(PROOFS_KEY, List.of()),
            Set.copyOf(stored.getOrDefault(PROVEN_KEY, List.of()))));
    }

    /** Records the quarantine: the attribute, and the header when {@code header} names one. */
    public static void writeQuarantined(Mail mail, List<String> reasons, Optional<String> header) {
        MailAttributes.set(mail, REASONS, MailAttributes.strings(reasons));
        header.ifPresent(name -> {
            if (!FindingHeaders.set(mail, name, headerValue(reasons))) {
                LOGGER.warn("Mail {} cannot take header {} (unreadable MIME structure); its reasons stay in attribute {}",
                    mail.getName(), name, REASONS.asString());
            }
        });
    }

    /** Whether the mail was classified as backscatter. */
    public static boolean isQuarantined(Mail mail) {
        return mail.getAttribute(REASONS).isPresent();
    }

    public static List<String> reasons(Mail mail) {
        return MailAttributes.strings(mail, REASONS);
    }

    /** {@code batv-missing; relays-unknown}, or {@code unspecified}: the header value and the log's form. */
    public static String headerValue(List<String> reasons) {
        return reasons.isEmpty() ? "unspecified" : String.join("; ", reasons);
    }
}
