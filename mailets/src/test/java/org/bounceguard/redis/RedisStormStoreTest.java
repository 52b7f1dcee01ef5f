package org.bounceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bounceguard.storm.MemoryStormStore;
import org.bounceguard.storm.StormCount;
import org.bounceguard.storm.StormPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bounce storms shared on a real redis-server: two "nodes" are two links, each with its own memory to fall back to. */
class RedisStormStoreTest {
    private static final StormPolicy POLICY = new StormPolicy(5, Duration.ofMinutes(10), Duration.ofHours(1));

    @RegisterExtension
    static final TwoNodesOnRedis redis = new TwoNodesOnRedis();

    private static RedisStormStore store(RedisLink link, StormPolicy policy) {
        return new RedisStormStore(link, policy, new MemoryStormStore(policy, Clock.systemUTC()), "bounceguard:");
    }

    @Test
    void twoNodesCountTowardsOneStormAndBothSeeIt() {
        RedisStormStore a = store(redis.nodeA(), POLICY);
        RedisStormStore b = store(redis.nodeB(), POLICY);

        List<StormCount> counted = List.of(a.count("alice@example.org"), b.count("alice@example.org"), a.count("alice@example.org"),
            b.count("alice@example.org"), b.count("alice@example.org"), a.count("alice@example.org"));

        assertThat(counted).containsExactly(StormCount.COUNTED, StormCount.COUNTED, StormCount.COUNTED, StormCount.COUNTED,
            StormCount.ENTERED, StormCount.IN_STORM);
        assertThat(a.stormUntil("alice@example.org")).isPresent();
        assertThat(b.stormUntil("alice@example.org")).get()
            .satisfies(until -> assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61))));
        assertThat(a.recipientsInStorm()).containsOnlyKeys("alice@example.org");
        assertThat(b.stormUntil("bob@example.org")).isEmpty();
        assertThat(a.fallbacks() + b.fallbacks()).isZero();
    }

    @Test
    void exactlyOneOfManyConcurrentCallersEntersTheStorm() throws Exception {
        RedisStormStore a = store(redis.nodeA(), POLICY);
        RedisStormStore b = store(redis.nodeB(), POLICY);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<StormCount>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RedisStormStore node = i % 2 == 0 ? a : b;
                calls.add(() -> node.count("alice@example.org"));
            }
            List<StormCount> results = new ArrayList<>();
            for (Future<StormCount> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            assertThat(results).filteredOn(result -> result == StormCount.ENTERED).hasSize(1);
            assertThat(results).filteredOn(result -> result == StormCount.COUNTED).hasSize(POLICY.threshold() - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStormEndsByItselfAndOneNodeSweepsIt() {
        StormPolicy brief = new StormPolicy(2, Duration.ofMinutes(1), Duration.ofMillis(700));
        RedisStormStore a = store(redis.nodeA(), brief);
        RedisStormStore b = store(redis.nodeB(), brief);
        a.count("alice@example.org");
        assertThat(b.count("alice@example.org")).isEqualTo(StormCount.ENTERED);
        assertThat(a.sweepEnded()).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> a.stormUntil("alice@example.org").isEmpty());
        List<String> swept = new ArrayList<>(b.sweepEnded());
        swept.addAll(a.sweepEnded());
        assertThat(swept).containsExactly("alice@example.org");
        assertThat(a.count("alice@example.org")).as("counting starts afresh").isEqualTo(StormCount.COUNTED);
    }

    @Test
    void anOperatorEndsAStormForEveryNode() {
        RedisStormStore a = store(redis.nodeA(), new StormPolicy(1, Duration.ofMinutes(1), Duration.ofHours(1)));
        RedisStormStore b = store(redis.nodeB(), new StormPolicy(1, Duration.ofMinutes(1), Duration.ofHours(1)));
        assertThat(a.count("alice@example.org")).isEqualTo(StormCount.ENTERED);

        assertThat(b.end("alice@example.org")).isTrue();
        assertThat(a.stormUntil("alice@example.org")).isEmpty();
        assertThat(a.end("alice@example.org")).isFalse();
        assertThat(a.sweepEnded()).isEmpty();
    }

    @Test
    void withoutRedisThisNodesMemoryDecidesAndCountsTheFallbacks() {
        RedisLink nowhere = RedisLinks.unconnected("redis://127.0.0.1:1");
        try {
            RedisStormStore alone = store(nowhere, POLICY);
            List<StormCount> counted = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                counted.add(alone.count("alice@example.org"));
            }
            assertThat(counted).endsWith(StormCount.ENTERED);
            assertThat(alone.stormUntil("alice@example.org")).isPresent();
            assertThat(alone.recipientsInStorm()).containsOnlyKeys("alice@example.org");
            assertThat(alone.fallbacks()).isEqualTo(7);
        } finally {
            nowhere.close();
        }
    }
}
