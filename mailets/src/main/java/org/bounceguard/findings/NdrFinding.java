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

    /** Stores the reasons; returns their codes, for the log line. */
    public static List<String> writeSuppressed(Mail mail, NdrDecision decision) {
        List<String> codes = decision.reasons().stream().map(SuppressionReason::code).toList();
        MailAttributes.set(mail, SUPPRESSED, MailAttributes.strings(codes));
        return codes;
    }

    public static List<String> suppressed(Mail mail) {
        return MailAttributes.strings(mail, SUPPRESSED);
    }
}
