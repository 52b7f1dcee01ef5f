package org.bounceguard.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/** Verified addresses in this node's heap, each for its own time to live, at most {@code maximumSize} of them (least used go first). */
public final class MemoryVerificationStore implements VerificationStore {
    private record Entry(CachedVerdict verdict, long ttlNanos) {
    }

    private final Cache<String, Entry> cache;

    public MemoryVerificationStore(long maximumSize, Clock clock) {
        this.cache = Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .ticker(ticker(clock))
            .expireAfter(new Expiry<String, Entry>() {
                @Override
                public long expireAfterCreate(String key, Entry value, long currentTime) {
                    return value.ttlNanos();
                }

                @Override
                public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
                    return value.ttlNanos();
                }

                @Override
                public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
                    return currentDuration;
                }
            })
            .build();
    }

    /** Caffeine's time from a {@link Clock}, so that tests move both with one settable clock. */
    static Ticker ticker(Clock clock) {
        return () -> clock.millis() * 1_000_000L;
    }

    @Override
    public Optional<CachedVerdict> get(String address) {
        return Optional.ofNullable(cache.getIfPresent(address)).map(Entry::verdict);
    }

    @Override
    public void put(String address, CachedVerdict verdict, Duration timeToLive) {
        cache.put(address, new Entry(verdict, timeToLive.toNanos()));
    }

    @Override
    public boolean forget(String address) {
        return cache.asMap().remove(address) != null;
    }
}
