package org.bounceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bounceguard.suppression.NdrRateLimiter;
import org.bounceguard.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shared NDR quotas against a real redis-server: two "nodes" are two links with their own fallbacks. */
class RedisNdrQuotaTest {
    @RegisterExtension
    static final TwoNodesOnRedis redis = new TwoNodesOnRedis();

    private static NdrRateLimiter limits(int perAddress, int perDomain, Duration window) {
        return NdrRateLimiter.builder().perAddress(perAddress).perDomain(perDomain).window(window).build();
    }

    private static RedisNdrQuota quota(RedisLink link, NdrRateLimiter limits) {
        return new RedisNdrQuota(link, limits, limits, "bounceguard:");
    }

    @Test
    void twoNodesShareOneQuotaPerAddress() {
        NdrRateLimiter limits = limits(3, 100, Duration.ofHours(1));
        RedisNdrQuota a = quota(redis.nodeA(), limits);
        RedisNdrQuota b = quota(redis.nodeB(), limits(3, 100, Duration.ofHours(1)));

        List<Boolean> grants = List.of(a.tryAcquire("bob@example.com"), b.tryAcquire("<Bob@Example.com>"), a.tryAcquire("bob@example.com"),
            b.tryAcquire("bob@example.com"), a.tryAcquire("bob@example.com"));

        assertThat(grants).containsExactly(true, true, true, false, false);
        assertThat(a.tryAcquire("carol@example.com")).as("another address of the domain").isTrue();
        assertThat(a.fallbacks() + b.fallbacks()).isZero();
    }

    @Test
    void theDomainQuotaCountsEveryAddressOfTheDomainAndADeniedAttemptConsumesNothing() {
        RedisNdrQuota quota = quota(redis.nodeA(), limits(2, 3, Duration.ofHours(1)));

        assertThat(quota.tryAcquire("a@example.com")).isTrue();
        assertThat(quota.tryAcquire("a@example.com")).isTrue();
        assertThat(quota.tryAcquire("a@example.com")).as("address quota used up").isFalse();
        assertThat(quota.tryAcquire("b@example.com")).isTrue();
        assertThat(quota.tryAcquire("c@example.com")).as("domain quota used up").isFalse();
        assertThat(quota.tryAcquire("d@other.example")).isTrue();
    }

    @Test
    void aGrantComesBackWhenItLeavesTheWindow() throws Exception {
        RedisNdrQuota quota = quota(redis.nodeA(), limits(1, 10, Duration.ofMillis(300)));
        assertThat(quota.tryAcquire("bob@example.com")).isTrue();
        assertThat(quota.tryAcquire("bob@example.com")).isFalse();

        Instant until = Instant.now().plusSeconds(10);
        boolean again = false;
        while (!again && Instant.now().isBefore(until)) {
            again = quota.tryAcquire("bob@example.com");
            Thread.sleep(20);
        }

        assertThat(again).isTrue();
        // the log expires with the window: nothing stays behind in Redis
        long ttl = redis.nodeA().call(commands -> commands.pttl("bounceguard:ndr:{example.com}:address:bob@example.com")).orElseThrow();
        assertThat(ttl).isBetween(1L, 300L);
    }

    @Test
    void concurrentDecisionsOnBothNodesGrantExactlyTheQuota() throws Exception {
        RedisNdrQuota a = quota(redis.nodeA(), limits(25, 1000, Duration.ofHours(1)));
        RedisNdrQuota b = quota(redis.nodeB(), limits(25, 1000, Duration.ofHours(1)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                RedisNdrQuota node = i % 2 == 0 ? a : b;
                attempts.add(() -> node.tryAcquire("target@example.com"));
            }
            long granted = 0;
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                granted += attempt.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(25);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutRedisThisNodesLimiterDecidesAndEachFallbackIsCounted() throws Exception {
        RedisServer down = new RedisServer("");
        try (RedisLink unreachable = RedisLinks.unconnected(down.url())) {
            NdrRateLimiter local = limits(2, 10, Duration.ofHours(1));
            RedisNdrQuota quota = new RedisNdrQuota(unreachable, local, local, "bounceguard:");

            assertThat(List.of(quota.tryAcquire("bob@example.com"), quota.tryAcquire("bob@example.com"), quota.tryAcquire("bob@example.com")))
                .containsExactly(true, true, false);
            assertThat(quota.fallbacks()).isEqualTo(3);
            assertThat(unreachable.outages()).isEqualTo(1);
        }
    }

    @Test
    void afterARedisRestartDecisionsAreSharedAgainByThemselves() throws Exception {
        RedisNdrQuota quota = quota(redis.nodeA(), limits(1, 10, Duration.ofHours(1)));
        redis.server().kill();
        assertThat(quota.tryAcquire("bob@example.com")).as("fallback: this node's limiter").isTrue();
        assertThat(quota.fallbacks()).isEqualTo(1);

        redis.server().start();
        Instant until = Instant.now().plusSeconds(20);
        // both nodes' links back on the restarted Redis (each recovers on its own back-off schedule)
        while (!(redis.nodeA().call(commands -> commands.ping()).isPresent() && redis.nodeB().call(commands -> commands.ping()).isPresent())
            && Instant.now().isBefore(until)) {
            Thread.sleep(50);
        }
        long outagesBefore = redis.nodeA().outages();

        // the restarted Redis is empty and has forgotten the script: the first decision is Redis's own
        assertThat(quota.tryAcquire("bob@example.com")).isTrue();
        assertThat(quota(redis.nodeB(), limits(1, 10, Duration.ofHours(1))).tryAcquire("bob@example.com")).as("shared again").isFalse();
        assertThat(quota.fallbacks()).isEqualTo(1);
        assertThat(redis.nodeA().outages()).isEqualTo(outagesBefore);
    }
}
