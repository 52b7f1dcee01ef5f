package org.bounceguard.findings;

import java.util.List;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.bounceguard.suppression.NdrDecision;
import org.bounceguard.suppression.SuppressionReason;

/** Why a guarded bounce mailet sent no NDR for a failed mail: attribute {@code bounceguard.ndr.suppressed}. */
public final class NdrFinding {
    /** List of reason codes ({@code dnsbl-listed}, {@code null-sender}, ...). */
    public static final AttributeName SUPPRESSED = AttributeName.of("bounceguard.ndr.suppressed");

    private NdrFinding() {
    }

    /**
     * Adds the reasons to those already recorded (a mail can lose several answers: a vacation reply,
     * then a Sieve rejection); returns this decision's codes, for the log line.
     */
    public static List<String> writeSuppressed(Mail mail, NdrDecision decision) {
        List<String> codes = decision.reasons().stream().map(SuppressionReason::code).toList();
        java.util.Set<String> recorded = new java.util.LinkedHashSet<>(suppressed(mail));
        recorded.addAll(codes);
        MailAttributes.set(mail, SUPPRESSED, MailAttributes.strings(List.copyOf(recorded)));
        return codes;
    }

    public static List<String> suppressed(Mail mail) {
        return MailAttributes.strings(mail, SUPPRESSED);
    }
}
