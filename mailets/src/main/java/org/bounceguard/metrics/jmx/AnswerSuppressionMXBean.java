package org.bounceguard.metrics.jmx;

import java.util.Map;

/**
 * {@code org.bounceguard:type=AnswerSuppression}: what each guarded answering mailet
 * ({@code Guarded} with {@code mailet=VacationMailet}, {@code Sieve}, ...) did, since start. The
 * same answers are also counted, per reason only, by {@code NdrSuppression}.
 */
public interface AnswerSuppressionMXBean {
    /** Answers sent, per wrapped mailet. */
    Map<String, Long> getSentByMailet();

    /** Suppressions per {@code mailet:reason}, e.g. {@code VacationMailet:dnsbl-listed}. */
    Map<String, Long> getSuppressedByMailetAndReason();

    /** Suppressions of one wrapped mailet's answers for one reason code. */
    long suppressedFor(String mailet, String reasonCode);

    /** Answers one wrapped mailet sent. */
    long sentBy(String mailet);
}
