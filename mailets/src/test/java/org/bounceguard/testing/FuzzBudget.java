package org.bounceguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/**
 * Catches the inputs that make a parser hang or go quadratic: a fuzzed input (at most a few
 * hundred kilobytes) must be handled well within a second per 100 KB. Generous on purpose - it
 * flags pathological cost, it is not a speed target.
 */
public final class FuzzBudget {
    private FuzzBudget() {
    }

    public static void assertWithin(long startedNanos, int inputLength) {
        Duration allowed = Duration.ofSeconds(2).plusMillis(inputLength / 100);
        Duration spent = Duration.ofNanos(System.nanoTime() - startedNanos);
        assertThat(spent).as("time for an input of %d bytes", inputLength).isLessThan(allowed);
    }
}
