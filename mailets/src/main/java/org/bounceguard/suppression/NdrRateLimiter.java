package org.bounceguard.suppression;

import com.google.common.base.Ticker;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;

import java.time.Duration;
import java.util.Objects;


/**
 * Caps how many NDRs this node sends to one address and to one domain, so that the server can
 * never be used as a backscatter amplifier against a forged sender.
 *
 * <p><b>Algorithm: sliding log.</b> For each key (address, domain) the limiter remembers the
 * times of the NDRs it granted. An attempt at time {@code t} is granted only if fewer than
 * {@code perAddress} grants to the address and fewer than {@code perDomain} grants to the domain
 * happened in {@code (t - window, t]}. So in <em>any</em> interval of length {@code window} at
 * most {@code perAddress} NDRs go to one address and at most {@code perDomain} to one domain;
 * there is no burst at window boundaries as with a fixed window. Both quotas are checked and
 * consumed atomically: a denied attempt consumes neither.
 *
 * <p><b>Memory.</b> State lives in memory on this node only (a cluster of {@code n} nodes may send
 * up to {@code n} times the limit). Each cache holds at most {@code maxTrackedKeys} keys and
 * forgets a key after it has been idle for one window (by then its log is empty anyway). A key's
 * log grows on demand to at most its limit of timestamps, so memory is bounded by about
 * {@code maxTrackedKeys × (perAddress + perDomain) × 8} bytes plus cache overhead. If more than
 * {@code maxTrackedKeys} distinct destinations are active within one window, the least recently
 * used ones are evicted and their quota starts afresh: the bound on memory wins over the bound
 * on NDRs.
 *
 * <p>Thread-safe. Addresses are case-insensitive; the domain is the part after the last
 * {@code @}. Time comes from the injected {@link Ticker}.
 */
public final class NdrRateLimiter implements NdrQuota {

    public static final int DEFAULT_PER_ADDRESS = 5;
    public static final int DEFAULT_PER_DOMAIN = 50;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final long DEFAULT_MAX_TRACKED_KEYS = 100_000;

    private final int perAddress;
    private final int perDomain;
    private final Duration window;
    private final long windowNanos;
    private final long maxTrackedKeys;
    private final Ticker ticker;
    private final LoadingCache<String, SlidingLog> addressLogs;
    private final LoadingCache<String, SlidingLog> domainLogs;

    private NdrRateLimiter(Builder builder) {
        if (builder.perAddress <= 0) {
            throw new IllegalArgumentException("perAddress must be a positive number of NDRs per window, got "
                    + builder.perAddress);
        }
        if (builder.perDomain <= 0) {
            throw new IllegalArgumentException("perDomain must be a positive number of NDRs per window, got "
                    + builder.perDomain);
        }
        if (builder.window == null || builder.window.isZero() || builder.window.isNegative()) {
            throw new IllegalArgumentException("window must be a positive duration, got " + builder.window);
        }
        if (builder.maxTrackedKeys <= 0) {
            throw new IllegalArgumentException("maxTrackedKeys must be positive, got " + builder.maxTrackedKeys);
        }
        long nanos;
        try {
            nanos = builder.window.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("window is too long: " + builder.window, e);
        }
        this.perAddress = builder.perAddress;
        this.perDomain = builder.perDomain;
        this.window = builder.window;
        this.windowNanos = nanos;
        this.maxTrackedKeys = builder.maxTrackedKeys;
        this.ticker = Objects.requireNonNull(builder.ticker, "ticker");
        this.addressLogs = newCache(perAddress);
        this.domainLogs = newCache(perDomain);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Grants one NDR to {@code recipientAddress} if neither its address quota nor its domain
     * quota is used up, and records the grant against both.
     *
     * @return true if the NDR may be sent; false if it must be dropped
     */
    @Override
    public boolean tryAcquire(NdrRecipient recipient) {
        SlidingLog addressLog = addressLogs.getUnchecked(recipient.address());
        SlidingLog domainLog = domainLogs.getUnchecked(recipient.domain());
        long now = ticker.read();
        // Lock order is always address log, then domain log: the two caches are disjoint,
        // so no thread can hold a domain log while waiting for an address log.
        synchronized (addressLog) {
            synchronized (domainLog) {
                addressLog.expire(now, windowNanos);
                domainLog.expire(now, windowNanos);
                if (addressLog.isFull() || domainLog.isFull()) {
                    return false;
                }
                addressLog.record(now);
                domainLog.record(now);
                return true;
            }
        }
    }

    public int perAddress() {
        return perAddress;
    }

    public int perDomain() {
        return perDomain;
    }

    public Duration window() {
        return window;
    }

    public long maxTrackedKeys() {
        return maxTrackedKeys;
    }

    @Override
    public String toString() {
        return "NdrRateLimiter[perAddress=" + perAddress + ", perDomain=" + perDomain + ", window=" + window
                + " (sliding), maxTrackedKeys=" + maxTrackedKeys + "]";
    }

    private LoadingCache<String, SlidingLog> newCache(int limit) {
        return CacheBuilder.newBuilder()
                .maximumSize(maxTrackedKeys)
                .expireAfterAccess(windowNanos, java.util.concurrent.TimeUnit.NANOSECONDS)
                .ticker(ticker)
                .build(CacheLoader.from(() -> new SlidingLog(limit)));
    }

    /**
     * Ring buffer of grant times (ticker nanos), oldest first, holding at most {@code limit}
     * entries. It starts small and doubles on demand, so a large limit costs memory only for
     * keys that actually use it. Guarded by its own monitor.
     */
    private static final class SlidingLog {
        private static final int INITIAL_CAPACITY = 4;

        private final int limit;
        private long[] times;
        private int head;
        private int size;

        SlidingLog(int limit) {
            this.limit = limit;
            this.times = new long[Math.min(limit, INITIAL_CAPACITY)];
        }

        void expire(long now, long windowNanos) {
            while (size > 0 && now - times[head] >= windowNanos) {
                head = (head + 1) % times.length;
                size--;
            }
        }

        boolean isFull() {
            return size >= limit;
        }

        void record(long now) {
            if (size == times.length) {
                grow();
            }
            times[(head + size) % times.length] = now;
            size++;
        }

        private void grow() {
            long[] bigger = new long[(int) Math.min((long) limit, 2L * times.length)];
            for (int i = 0; i < size; i++) {
                bigger[i] = times[(head + i) % times.length];
            }
            times = bigger;
            head = 0;
        }
    }

    public static final class Builder {
        private int perAddress = DEFAULT_PER_ADDRESS;
        private int perDomain = DEFAULT_PER_DOMAIN;
        private Duration window = DEFAULT_WINDOW;
        private long maxTrackedKeys = DEFAULT_MAX_TRACKED_KEYS;
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /** At most this many NDRs to one address per window (default 5). */
        public Builder perAddress(int limit) {
            this.perAddress = limit;
            return this;
        }

        /** At most this many NDRs to one domain per window (default 50). */
        public Builder perDomain(int limit) {
            this.perDomain = limit;
            return this;
        }

        /** Length of the sliding window (default one hour). */
        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        /** Keys kept per cache (addresses, domains) before LRU eviction (default 100,000). */
        public Builder maxTrackedKeys(long maxTrackedKeys) {
            this.maxTrackedKeys = maxTrackedKeys;
            return this;
        }

        /** Time source (default {@link Ticker#systemTicker()}); tests pass a fake. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** @throws IllegalArgumentException if a limit is not positive or the window is not a positive duration */
        public NdrRateLimiter build() {
            return new NdrRateLimiter(this);
        }
    }
}
