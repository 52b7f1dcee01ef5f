package org.bounceguard.dnsbl;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lock-free latency distribution over log-scale buckets (about 12 % wide, 1 µs to ~70 s);
 * percentiles are read as the upper bound of the bucket they fall in.
 */
final class LatencyHistogram {
    private static final double RATIO = 1.125;
    private static final int BUCKETS = 160;
    private static final double LOG_RATIO = Math.log(RATIO);

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
    }

    Duration percentile(double fraction) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Duration.ofNanos(upperBound(i));
            }
        }
        return Duration.ofNanos(upperBound(BUCKETS - 1));
    }

    private static int bucket(long nanos) {
        double micros = Math.max(1.0, nanos / 1000.0);
        int index = (int) Math.ceil(Math.log(micros) / LOG_RATIO);
        return Math.min(BUCKETS - 1, Math.max(0, index));
    }

    private static long upperBound(int bucket) {
        return (long) (Math.pow(RATIO, bucket) * 1000.0);
    }
}
