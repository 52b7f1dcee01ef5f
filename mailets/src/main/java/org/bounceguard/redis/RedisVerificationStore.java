package org.bounceguard.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.bounceguard.verify.CachedVerdict;
import org.bounceguard.verify.VerificationStore;

import io.lettuce.core.SetArgs;

/**
 * Verified addresses shared by every node on one Redis: one string key per address
 * ({@code <prefix>verify:<address>}, value {@link CachedVerdict#encode}) expiring by itself after
 * its time to live, so what one node verified costs the others no probe. While Redis cannot
 * answer, a look-up is a miss (the node probes) and a write is dropped; both are counted.
 */
public final class RedisVerificationStore implements VerificationStore {
    private final RedisLink link;
    private final String keyPrefix;
    private final LongAdder failures = new LongAdder();

    public RedisVerificationStore(RedisLink link, String keyPrefix) {
        this.link = link;
        this.keyPrefix = keyPrefix + "verify:";
    }

    @Override
    public Optional<CachedVerdict> get(String address) {
        Optional<Optional<String>> answer = link.call(commands -> Optional.ofNullable(commands.get(keyPrefix + address)));
        if (answer.isEmpty()) {
            failures.increment();
            return Optional.empty();
        }
        return answer.get().flatMap(CachedVerdict::decode);
    }

    @Override
    public void put(String address, CachedVerdict verdict, Duration timeToLive) {
        if (link.call(commands -> commands.set(keyPrefix + address, verdict.encode(), SetArgs.Builder.px(timeToLive.toMillis()))).isEmpty()) {
            failures.increment();
        }
    }

    @Override
    public boolean forget(String address) {
        Optional<Long> removed = link.call(commands -> commands.del(keyPrefix + address));
        if (removed.isEmpty()) {
            failures.increment();
            throw new IllegalStateException("Redis did not answer; nothing was forgotten");
        }
        return removed.get() > 0;
    }

    /** Look-ups and writes Redis did not answer. */
    public long failures() {
        return failures.sum();
    }
}
