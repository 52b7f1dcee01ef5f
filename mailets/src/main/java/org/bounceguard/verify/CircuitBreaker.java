package org.bounceguard.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One backend's breaker: after {@code failuresToOpen} failures in a row (no connection, no answer
 * in time, a garbled one) it opens, and for {@code openFor} no probe is sent - recipients are
 * deferred at once instead of each waiting for the timeout. Then one probe is let through
 * (half-open): its success closes the breaker, its failure opens it again.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failuresToOpen;
    private final Duration openFor;
    private final Clock clock;
    private int failures;
    private State state = State.CLOSED;
    private Instant openUntil = Instant.MIN;

    public CircuitBreaker(int failuresToOpen, Duration openFor, Clock clock) {
        if (failuresToOpen < 1) {
            throw new IllegalArgumentException("failuresToOpen must be at least 1");
        }
        this.failuresToOpen = failuresToOpen;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a probe may go out now; in half-open state only the first caller gets {@code true}. */
    public synchronized boolean allowProbe() {
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            state = State.HALF_OPEN;
            return true;
        }
        return false;
    }

    public synchronized void recordSuccess() {
        failures = 0;
        state = State.CLOSED;
    }

    /** A failure of the backend; whether this one opened the breaker. */
    public synchronized boolean recordFailure() {
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= failuresToOpen)) {
            state = State.OPEN;
            openUntil = clock.instant().plus(openFor);
            return true;
        }
        return false;
    }

    /** The state as an operator sees it: an open breaker whose time is up reads half-open. */
    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
