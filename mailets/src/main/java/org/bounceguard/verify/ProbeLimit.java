package org.bounceguard.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * At most {@code probes} probes per client address in each window (a fixed window starting with
 * the client's first probe), so that a dictionary attack cannot make the gateway probe the backend
 * for every name it tries. Bounded memory: at most {@code maximumClients} clients are tracked;
 * beyond that the least recently seen are forgotten.
 */
public final class ProbeLimit {
    private final int probes;
    private final Cache<String, AtomicInteger> used;

    public ProbeLimit(int probes, Duration window, long maximumClients, Clock clock) {
        if (probes < 1) {
            throw new IllegalArgumentException("probes must be at least 1");
        }
        this.probes = probes;
        // expireAfterWrite: the counter is created once and changed in place, so it lives one window
        this.used = Caffeine.newBuilder()
            .expireAfterWrite(window)
            .maximumSize(maximumClients)
            .ticker(MemoryVerificationStore.ticker(clock))
            .build();
    }

    /** Takes one probe from the client's allowance; {@code false} when it has none left in this window. */
    public boolean tryAcquire(String client) {
        return used.get(client, key -> new AtomicInteger()).getAndUpdate(count -> count < probes ? count + 1 : count) < probes;
    }
}
