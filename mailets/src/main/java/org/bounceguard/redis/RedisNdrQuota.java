package org.bounceguard.redis;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.bounceguard.suppression.NdrQuota;
import org.bounceguard.suppression.NdrRateLimiter;
import org.bounceguard.suppression.NdrRecipient;

/**
 * NDR quotas shared by every node on one Redis, with the same sliding-window semantics as
 * {@link NdrRateLimiter}: at most {@code perAddress} grants to an address and {@code perDomain} to a
 * domain in any window. One decision is one Lua script, so checking and recording both quotas is
 * atomic across nodes and costs one round trip; time is Redis's own clock, so the nodes' clocks do
 * not matter. Each key is a sorted set of grant times that expires one window after its last grant.
 *
 * <p>When Redis does not answer within the command timeout, or is not connected, the decision is
 * taken by {@code fallback} (this node's in-memory limiter) and counted in {@link #fallbacks()}.
 */
public final class RedisNdrQuota implements NdrQuota {
    /** KEYS: address log, domain log. ARGV: window ms, per address, per domain, unique member suffix. */
    static final RedisScript SCRIPT = new RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
          return 0
        end
        local member = now .. ':' .. ARGV[4]
        redis.call('ZADD', KEYS[1], now, member)
        redis.call('ZADD', KEYS[2], now, member)
        redis.call('PEXPIRE', KEYS[1], window)
        redis.call('PEXPIRE', KEYS[2], window)
        return 1
        """);

    private final RedisLink link;
    private final NdrQuota fallback;
    private final String window;
    private final String perAddress;
    private final String perDomain;
    private final String keyPrefix;
    private final String node = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final AtomicLong grants = new AtomicLong();
    private final LongAdder fallbacks = new LongAdder();

    /**
     * @param limits   the quotas and window (the same on every node)
     * @param fallback what decides while Redis cannot
     */
    public RedisNdrQuota(RedisLink link, NdrRateLimiter limits, NdrQuota fallback, String keyPrefix) {
        this.link = link;
        this.fallback = fallback;
        this.window = Long.toString(limits.window().toMillis());
        this.perAddress = Integer.toString(limits.perAddress());
        this.perDomain = Integer.toString(limits.perDomain());
        this.keyPrefix = keyPrefix;
    }

    @Override
    public boolean tryAcquire(NdrRecipient recipient) {
        String address = recipient.address();
        String domain = recipient.domain();
        // one hash tag per domain: both keys of a decision live in one slot, should the Redis be a cluster
        String[] keys = {keyPrefix + "ndr:{" + domain + "}:address:" + address, keyPrefix + "ndr:{" + domain + "}:domain"};
        String member = node + ":" + grants.incrementAndGet();
        return link.call(commands -> SCRIPT.run(commands, keys, window, perAddress, perDomain, member))
            .map(granted -> granted == 1L)
            .orElseGet(() -> {
                fallbacks.increment();
                return fallback.tryAcquire(recipient);
            });
    }

    /** Decisions taken by the fallback because Redis could not answer. */
    public long fallbacks() {
        return fallbacks.sum();
    }
}
