package org.bounceguard.backscatter;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters of backscatter detection and BATV, for JMX and metrics. */
public final class BackscatterCounters {
    private final LongAdder bouncesSeen = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder quarantined = new LongAdder();
    private final Map<BackscatterReason, LongAdder> quarantinedByReason = new EnumMap<>(BackscatterReason.class);
    private final LongAdder batvSigned = new LongAdder();
    private final LongAdder batvVerified = new LongAdder();
    private final LongAdder batvFailed = new LongAdder();

    public BackscatterCounters() {
        for (BackscatterReason reason : BackscatterReason.values()) {
            quarantinedByReason.put(reason, new LongAdder());
        }
    }

    /** Snapshot of every counter. */
    public record Snapshot(long bouncesSeen, long accepted, long quarantined, Map<BackscatterReason, Long> quarantinedByReason,
                           long batvSigned, long batvVerified, long batvFailed) {
    }

    public void recordBounce(boolean backscatter) {
        bouncesSeen.increment();
        if (!backscatter) {
            accepted.increment();
        }
    }

    public void recordQuarantined(Iterable<BackscatterReason> reasons) {
        quarantined.increment();
        reasons.forEach(reason -> quarantinedByReason.get(reason).increment());
    }

    public void recordSigned() {
        batvSigned.increment();
    }

    public void recordVerified(boolean valid) {
        (valid ? batvVerified : batvFailed).increment();
    }

    public Snapshot snapshot() {
        Map<BackscatterReason, Long> byReason = new EnumMap<>(BackscatterReason.class);
        quarantinedByReason.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return new Snapshot(bouncesSeen.sum(), accepted.sum(), quarantined.sum(), Map.copyOf(byReason),
            batvSigned.sum(), batvVerified.sum(), batvFailed.sum());
    }
}
