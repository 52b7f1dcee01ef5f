package org.bounceguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Catches the inputs that make a parser hang or go quadratic. Two budgets:
 * <ul>
 *   <li>{@link #assertWithin}: a fuzzed input (at most a few hundred kilobytes) must be handled
 *   well within a second per 100 KB - a hang guard, not a speed target;</li>
 *   <li>{@link #assertScalesLinearly}: the same input shape grown eight times (the fuzzed bytes
 *   repeated, or each of them repeated in place) may cost at most {@link #MAX_GROWTH_OVER_8X} times as much CPU - linear cost gives
 *   about 8, quadratic about 64. Growth worse than linear is caught even where both sizes stay
 *   fast in absolute terms (a bounded text makes a quadratic scan cost milliseconds, not seconds).</li>
 * </ul>
 */
public final class FuzzBudget {
    /** Between linear (8) and quadratic (64), with room for a shared, loaded machine's noise. */
    public static final double MAX_GROWTH_OVER_8X = 24;
    /** Below this CPU time per run the ratio is timer noise; such sizes are not judged. */
    private static final long JUDGED_FROM_NANOS = 200_000;

    private FuzzBudget() {
    }

    public static void assertWithin(long startedNanos, int inputLength) {
        Duration allowed = Duration.ofSeconds(2).plusMillis(inputLength / 100);
        Duration spent = Duration.ofNanos(System.nanoTime() - startedNanos);
        assertThat(spent).as("time for an input of %d bytes", inputLength).isLessThan(allowed);
    }

    /**
     * {@code workOfSize.apply(n)} does the work for an input of about {@code n} units; it is timed
     * (thread CPU, the minimum of three runs of {@code repetitions} calls) at {@code size} and at
     * {@code 8 × size}.
     */
    public static void assertScalesLinearly(IntFunction<Runnable> workOfSize, int size, int repetitions) {
        Runnable small = workOfSize.apply(size);
        Runnable large = workOfSize.apply(size * 8);
        long smallNanos = minCpuNanos(small, repetitions);
        if (smallNanos < JUDGED_FROM_NANOS) {
            return;
        }
        long largeNanos = minCpuNanos(large, repetitions);
        if (largeNanos > MAX_GROWTH_OVER_8X * smallNanos) {
            // a second look before calling it: one descheduled run on a loaded machine is not a finding
            smallNanos = Math.min(smallNanos, minCpuNanos(small, repetitions));
            largeNanos = Math.min(largeNanos, minCpuNanos(large, repetitions));
        }
        assertThat((double) largeNanos / smallNanos).as("CPU growth for 8 x the input (%d µs at %d, %d µs at %d)",
            smallNanos / 1000, size, largeNanos / 1000, size * 8).isLessThan(MAX_GROWTH_OVER_8X);
    }

    private static long minCpuNanos(Runnable work, int repetitions) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < repetitions; i++) {
                work.run();
            }
            best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
        }
        return best;
    }

    /** {@code seed} repeated to at least {@code length} characters (at least once). */
    public static String repeatedTo(String seed, int length) {
        if (seed.isEmpty()) {
            return seed;
        }
        return seed.repeat(Math.max(1, (length + seed.length() - 1) / seed.length()));
    }

    /**
     * Each character of {@code seed} repeated in place, to at least {@code length} characters:
     * "(x)" becomes "(((xxx)))". Repeating the whole seed keeps its nesting depth; stretching it
     * grows the depth too, which is what a reader that pays per nesting level is caught by.
     */
    public static String stretchedTo(String seed, int length) {
        if (seed.isEmpty()) {
            return seed;
        }
        int times = Math.max(1, (length + seed.length() - 1) / seed.length());
        StringBuilder out = new StringBuilder(seed.length() * times);
        for (int i = 0; i < seed.length(); i++) {
            for (int t = 0; t < times; t++) {
                out.append(seed.charAt(i));
            }
        }
        return out.toString();
    }

    /** {@code seed} repeated to at least {@code length} bytes (at least once). */
    public static byte[] repeatedTo(byte[] seed, int length) {
        if (seed.length == 0) {
            return seed;
        }
        int times = Math.max(1, (length + seed.length - 1) / seed.length);
        byte[] out = new byte[seed.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(seed, 0, out, i * seed.length, seed.length);
        }
        return out;
    }
}
