package org.bounceguard.backscatter;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of backscatter detection and BATV, for JMX and metrics. */
public final class BackscatterCounters {
    private final LongAdder bouncesSeen = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder split = new LongAdder();
    private final LongAdder quarantined = new LongAdder();
    private final Map<String, LongAdder> quarantinedByReason = new ConcurrentHashMap<>();
    private final LongAdder batvSigned = new LongAdder();
    private final LongAdder batvVerified = new LongAdder();
    private final LongAdder batvFailed = new LongAdder();

    /** @param reasons the reason codes to show from the start, at zero */
    public BackscatterCounters(Collection<String> reasons) {
        reasons.forEach(reason -> quarantinedByReason.put(reason, new LongAdder()));
    }

    /** Snapshot of every counter. */
    public record Snapshot(long bouncesSeen, long accepted, long split, long quarantined, Map<String, Long> quarantinedByReason,
                           long batvSigned, long batvVerified, long batvFailed) {
        public long quarantinedFor(String reason) {
            return quarantinedByReason.getOrDefault(reason, 0L);
        }
    }

    /**
     * One bounce judged: {@code accepted} counts the bounces that go on to at least one recipient,
     * {@code split} those that go on to some recipients and are quarantined for the others.
     *
     * @param deliveredRecipients recipients it goes on to (proven, or not backscatter)
     * @param backscatterRecipients recipients it is quarantined for
     */
    public void recordBounce(int deliveredRecipients, int backscatterRecipients) {
        bouncesSeen.increment();
        if (deliveredRecipients > 0) {
            accepted.increment();
            if (backscatterRecipients > 0) {
                split.increment();
            }
        }
    }

    public void recordQuarantined(Iterable<String> reasons) {
        quarantined.increment();
        reasons.forEach(reason -> quarantinedByReason.computeIfAbsent(reason, code -> new LongAdder()).increment());
    }

    public void recordSigned() {
        batvSigned.increment();
    }

    public void recordVerified(boolean valid) {
        (valid ? batvVerified : batvFailed).increment();
    }

    public Snapshot snapshot() {
        Map<String, Long> byReason = new TreeMap<>();
        quarantinedByReason.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return new Snapshot(bouncesSeen.sum(), accepted.sum(), split.sum(), quarantined.sum(), Map.copyOf(byReason),
            batvSigned.sum(), batvVerified.sum(), batvFailed.sum());
    }
}
