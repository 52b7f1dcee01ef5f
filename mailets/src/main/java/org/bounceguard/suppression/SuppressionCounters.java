package org.bounceguard.suppression;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what happened to NDRs on this node: sent, suppressed (in total and per reason) and
 * rate-limited. Thread-safe and cheap on the hot path ({@link LongAdder}).
 *
 * <p>A suppression with several reasons counts once in {@code suppressedTotal} and once for each
 * of its reasons, so the per-reason counts may add up to more than the total. A rate-limited NDR
 * is a suppression with the single reason {@link SuppressionReason#RATE_LIMITED}.
 */
public final class SuppressionCounters {

    private final LongAdder sent = new LongAdder();
    private final LongAdder suppressedTotal = new LongAdder();
    private final EnumMap<SuppressionReason, LongAdder> byReason = new EnumMap<>(SuppressionReason.class);

    public SuppressionCounters() {
        for (SuppressionReason reason : SuppressionReason.values()) {
            byReason.put(reason, new LongAdder());
        }
    }

    /** An NDR was sent. */
    public void recordSent() {
        sent.increment();
    }

    /**
     * An NDR was suppressed by {@code decision}.
     *
     * @throws IllegalArgumentException if the decision allows the NDR
     */
    public void recordSuppressed(NdrDecision decision) {
        Objects.requireNonNull(decision, "decision");
        if (decision.sendNdr()) {
            throw new IllegalArgumentException("decision allows the NDR; use recordSent() once it is sent");
        }
        suppressedTotal.increment();
        for (SuppressionReason reason : decision.reasons()) {
            byReason.get(reason).increment();
        }
    }

    /** An NDR allowed by the guard was dropped by the rate limiter. */
    public void recordRateLimited() {
        suppressedTotal.increment();
        byReason.get(SuppressionReason.RATE_LIMITED).increment();
    }

    /**
     * The current counts. Each count is exact at the moment it is read; the snapshot as a whole
     * is not one atomic cut while other threads record.
     */
    public Snapshot snapshot() {
        EnumMap<SuppressionReason, Long> counts = new EnumMap<>(SuppressionReason.class);
        byReason.forEach((reason, adder) -> counts.put(reason, adder.sum()));
        return new Snapshot(sent.sum(), suppressedTotal.sum(), counts);
    }

    /**
     * Immutable counts.
     *
     * @param sent               NDRs sent
     * @param suppressedTotal    NDRs suppressed, each counted once whatever its number of reasons
     *                           (includes rate-limited ones)
     * @param suppressedByReason count per reason, every reason present (zero if none), in reason order
     */
    public record Snapshot(long sent, long suppressedTotal, Map<SuppressionReason, Long> suppressedByReason) {

        public Snapshot {
            Objects.requireNonNull(suppressedByReason, "suppressedByReason");
            EnumMap<SuppressionReason, Long> complete = new EnumMap<>(SuppressionReason.class);
            for (SuppressionReason reason : SuppressionReason.values()) {
                complete.put(reason, suppressedByReason.getOrDefault(reason, 0L));
            }
            suppressedByReason = Collections.unmodifiableMap(complete);
        }

        /** NDRs dropped by the rate limiter. */
        public long rateLimited() {
            return suppressedByReason.get(SuppressionReason.RATE_LIMITED);
        }

        public long suppressed(SuppressionReason reason) {
            return suppressedByReason.get(reason);
        }
    }
}
