package org.bounceguard.storm;

import java.time.Duration;

/**
 * When a recipient enters storm mode and for how long: {@code threshold} unproven bounces to it
 * within {@code window} put it into storm mode for {@code duration}, after which it leaves by itself.
 */
public record StormPolicy(int threshold, Duration window, Duration duration) {
    public static final StormPolicy DEFAULT = new StormPolicy(50, Duration.ofMinutes(10), Duration.ofHours(1));

    public StormPolicy {
        if (threshold < 1) {
            throw new IllegalArgumentException("the storm threshold must be at least 1, got " + threshold);
        }
        if (window.isNegative() || window.isZero() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the storm window and duration must be positive");
        }
    }
}
