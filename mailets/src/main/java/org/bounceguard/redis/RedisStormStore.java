package org.bounceguard.redis;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.bounceguard.storm.StormCount;
import org.bounceguard.storm.StormPolicy;
import org.bounceguard.storm.StormStore;

/**
 * Storm counts and modes shared by every node on one Redis. Each recipient's unproven bounces are a
 * sorted set of times (a sliding window, expiring one window after the last bounce); the recipients
 * in storm mode are one sorted set scored by when each storm ends. Every decision is one Lua script
 * on Redis's own clock, so entering is reported to exactly one node and a storm that ended is
 * swept - and logged - by exactly one node. All keys share the hash tag {@code {storm}}: one slot,
 * should the Redis be a cluster.
 *
 * <p>As the shared NDR quotas do, while Redis does not answer within the command timeout (or is not
 * connected) every decision is taken by {@code fallback}, this node's memory, and counted in
 * {@link #fallbacks()}: a storm then stays on the node that saw it until Redis is back.
 */
public final class RedisStormStore implements StormStore {
    /** KEYS: the recipient's bounce times, the storm index. ARGV: window ms, threshold, duration ms, recipient, unique member. */
    static final RedisScript COUNT = new RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ends = redis.call('ZSCORE', KEYS[2], ARGV[4])
        if ends and tonumber(ends) > now then
          return 2
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
        redis.call('ZADD', KEYS[1], now, ARGV[5])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
          redis.call('DEL', KEYS[1])
          redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4])
          return 1
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 0
        """);
    /** KEYS: the storm index. ARGV: recipient. When its storm ends (ms), 0 when it is in none. */
    static final RedisScript UNTIL = new RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ends = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if ends and tonumber(ends) > now then
          return tonumber(ends)
        end
        return 0
        """);
    /** KEYS: the storm index. Recipient, end (ms), recipient, end, ... of the storms under way. */
    static final RedisScript LIST = new RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES')
        """);
    /** KEYS: the storm index. ARGV: recipient. 1 when a storm under way was ended. */
    static final RedisScript END = new RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ends = redis.call('ZSCORE', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[1], ARGV[1])
        if ends and tonumber(ends) > now then
          return 1
        end
        return 0
        """);
    /** KEYS: the storm index. The recipients whose storm ended, removed in the same step. */
    static final RedisScript SWEEP = new RedisScript("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ended = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
        if #ended > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        end
        return ended
        """);

    private final RedisLink link;
    private final StormStore fallback;
    private final String window;
    private final String threshold;
    private final String duration;
    private final String keyPrefix;
    private final String index;
    private final String node = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final AtomicLong bounces = new AtomicLong();
    private final LongAdder fallbacks = new LongAdder();

    public RedisStormStore(RedisLink link, StormPolicy policy, StormStore fallback, String keyPrefix) {
        this.link = link;
        this.fallback = fallback;
        this.window = Long.toString(policy.window().toMillis());
        this.threshold = Integer.toString(policy.threshold());
        this.duration = Long.toString(policy.duration().toMillis());
        this.keyPrefix = keyPrefix + "storm:{storm}:";
        this.index = this.keyPrefix + "index";
    }

    @Override
    public StormCount count(String recipient) {
        String[] keys = {keyPrefix + "count:" + recipient, index};
        String member = node + ":" + bounces.incrementAndGet();
        return link.call(commands -> COUNT.run(commands, keys, window, threshold, duration, recipient, member))
            .map(answer -> answer == 1L ? StormCount.ENTERED : answer == 2L ? StormCount.IN_STORM : StormCount.COUNTED)
            .orElseGet(() -> {
                fallbacks.increment();
                return fallback.count(recipient);
            });
    }

    @Override
    public Optional<Instant> stormUntil(String recipient) {
        Optional<Long> ends = link.call(commands -> UNTIL.run(commands, new String[] {index}, recipient));
        if (ends.isEmpty()) {
            fallbacks.increment();
            return fallback.stormUntil(recipient);
        }
        return ends.filter(millis -> millis > 0).map(Instant::ofEpochMilli);
    }

    @Override
    public Map<String, Instant> recipientsInStorm() {
        Optional<List<Object>> answer = link.call(commands -> LIST.runForList(commands, new String[] {index}));
        if (answer.isEmpty()) {
            fallbacks.increment();
            return fallback.recipientsInStorm();
        }
        Map<String, Instant> storms = new TreeMap<>();
        List<Object> flat = answer.get();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            storms.put(String.valueOf(flat.get(i)), Instant.ofEpochMilli((long) Double.parseDouble(String.valueOf(flat.get(i + 1)))));
        }
        return storms;
    }

    @Override
    public boolean end(String recipient) {
        boolean local = fallback.end(recipient);
        return link.call(commands -> END.run(commands, new String[] {index}, recipient))
            .map(ended -> ended == 1L || local)
            .orElseGet(() -> {
                fallbacks.increment();
                return local;
            });
    }

    @Override
    public List<String> sweepEnded() {
        List<String> ended = new ArrayList<>(fallback.sweepEnded());
        link.call(commands -> SWEEP.runForList(commands, new String[] {index}))
            .ifPresent(answer -> answer.forEach(recipient -> ended.add(String.valueOf(recipient))));
        return ended;
    }

    /** Decisions taken by this node's memory because Redis could not answer. */
    public long fallbacks() {
        return fallbacks.sum();
    }
}
