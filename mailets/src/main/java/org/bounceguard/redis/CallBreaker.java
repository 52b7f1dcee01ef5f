package org.bounceguard.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for calls to a server that may hang: after one call times out, no call is let
 * through for the back-off window (each is refused at once, counted); then one trial call goes,
 * the others still refused, and its outcome closes the breaker or opens it for another window. A
 * hung server thus costs at most one timeout per window, not one per mail or per recipient.
 *
 * <p>Calls already under way when the breaker opens end on their own timeout. Time is read from
 * an injectable nanosecond ticker.
 */
final class CallBreaker {
    private static final long CLOSED = Long.MIN_VALUE;

    private final long backOffNanos;
    private final LongSupplier nanoTicker;
    /** End of the current window ({@link #nanoTicker} time), or {@link #CLOSED}. */
    private final AtomicLong openUntil = new AtomicLong(CLOSED);
    private final AtomicBoolean trialUnderWay = new AtomicBoolean();
    private final LongAdder refused = new LongAdder();
    private final LongAdder openings = new LongAdder();

    CallBreaker(Duration backOff, LongSupplier nanoTicker) {
        this.backOffNanos = backOff.toNanos();
        this.nanoTicker = nanoTicker;
    }

    /** Whether this call may go to the server; false (counted) while the breaker is open or another call is the trial. */
    boolean allows() {
        long until = openUntil.get();
        if (until == CLOSED) {
            return true;
        }
        if (nanoTicker.getAsLong() - until >= 0 && trialUnderWay.compareAndSet(false, true)) {
            return true;
        }
        refused.increment();
        return false;
    }

    void succeeded() {
        openUntil.set(CLOSED);
        trialUnderWay.set(false);
    }

    /** The call waited its whole timeout: open for one window. */
    void timedOut() {
        openForOneWindow();
    }

    /** The call failed at once (not connected, refused): only a failed trial keeps the breaker open. */
    void failedFast() {
        if (openUntil.get() != CLOSED) {
            openForOneWindow();
        }
    }

    private void openForOneWindow() {
        if (openUntil.getAndSet(nanoTicker.getAsLong() + backOffNanos) == CLOSED) {
            openings.increment();
        }
        trialUnderWay.set(false);
    }

    boolean isOpen() {
        return openUntil.get() != CLOSED;
    }

    /** Calls refused without asking the server. */
    long refused() {
        return refused.sum();
    }

    /** Times the breaker went from closed to open. */
    long openings() {
        return openings.sum();
    }
}
