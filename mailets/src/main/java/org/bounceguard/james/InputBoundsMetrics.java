package org.bounceguard.james;

import java.util.Map;
import java.util.TreeMap;

import org.bounceguard.bounce.InputBounds;
import org.bounceguard.james.jmx.InputBoundsMXBean;
import org.bounceguard.james.jmx.MBeans;

/**
 * Publishes {@link InputBounds} as {@code org.bounceguard:type=InputBounds} and as
 * {@code bounceguard_input_truncated_*} gauges. Called by every service that runs a reader on
 * mail content; the counters are the JVM's, so whichever registers last serves the same numbers.
 */
final class InputBoundsMetrics {
    private InputBoundsMetrics() {
    }

    static void register(MBeans mbeans, Gauges gauges) {
        mbeans.register(MBeans.name("InputBounds"), new Bean());
        gauges.register("bounceguard_input_truncated", InputBoundsMetrics::total);
        for (InputBounds.Bound bound : InputBounds.Bound.values()) {
            gauges.register("bounceguard_input_truncated_" + Gauges.safe(bound.code()), () -> InputBounds.count(bound));
        }
    }

    private static long total() {
        return InputBounds.snapshot().values().stream().mapToLong(Long::longValue).sum();
    }

    private static final class Bean implements InputBoundsMXBean {
        @Override
        public long getTruncatedTotal() {
            return total();
        }

        @Override
        public Map<String, Long> getTruncatedByBound() {
            Map<String, Long> byBound = new TreeMap<>();
            InputBounds.snapshot().forEach((bound, count) -> byBound.put(bound.code(), count));
            return byBound;
        }

        @Override
        public long truncatedFor(String boundCode) {
            for (InputBounds.Bound bound : InputBounds.Bound.values()) {
                if (bound.code().equals(boundCode)) {
                    return InputBounds.count(bound);
                }
            }
            return 0;
        }
    }
}
