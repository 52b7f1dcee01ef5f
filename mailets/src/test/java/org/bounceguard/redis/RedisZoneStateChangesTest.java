package org.bounceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.dnsbl.ZoneStateChanges;
import org.bounceguard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An operator's zone decision on one node reaches the other node over a real Redis's pub/sub. */
class RedisZoneStateChangesTest {
    private RedisServer redis;
    private RedisLink linkA;
    private RedisLink linkB;
    private DnsblEngine engineA;
    private DnsblEngine engineB;

    @BeforeEach
    void twoNodes() throws Exception {
        redis = new RedisServer("").started();
        linkA = RedisLinks.connected(redis.url());
        linkB = RedisLinks.connected(redis.url());
        engineA = engine();
        engineB = engine();
    }

    @AfterEach
    void stop() throws Exception {
        engineA.close();
        engineB.close();
        linkA.close();
        linkB.close();
        redis.close();
    }

    private static DnsblEngine engine() {
        DnsblEngine engine = DnsblEngine.builder()
            .servers(List.of(new InetSocketAddress("127.0.0.1", 9)))
            .queryTimeout(Duration.ofMillis(100))
            .healthProbeInterval(Duration.ZERO)
            .build();
        engine.watch(List.of(ZoneSpec.parse("zen.spamhaus.org*3")));
        return engine;
    }

    private static boolean enabled(DnsblEngine engine) {
        return engine.zoneStatus("zen.spamhaus.org").orElseThrow().enabled();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 10 s").isBefore(until);
            Thread.sleep(10);
        }
    }

    @Test
    void aZoneDisabledOnOneNodeIsDisabledOnTheOtherWithItsReasonAndEnabledAgainLikewise() throws Exception {
        RedisZoneStateChanges nodeA = new RedisZoneStateChanges(linkA, ZoneStateChanges.local(engineA), "bounceguard:");
        RedisZoneStateChanges nodeB = new RedisZoneStateChanges(linkB, ZoneStateChanges.local(engineB), "bounceguard:");
        awaitTrue(() -> linkA.call(commands -> commands.pubsubNumsub("bounceguard:dnsbl:zone-state"))
            .map(counts -> counts.values().iterator().next() == 2L).orElse(false));

        nodeA.disable("zen.spamhaus.org", "list maintenance");

        assertThat(enabled(engineA)).as("at once on the node where it was made").isFalse();
        awaitTrue(() -> !enabled(engineB));
        assertThat(engineB.zoneStatus("zen.spamhaus.org").orElseThrow().disabledReason()).contains("list maintenance");

        nodeB.enable("zen.spamhaus.org");

        awaitTrue(() -> enabled(engineA));
        assertThat(nodeA.published()).isEqualTo(1);
        assertThat(nodeA.received()).as("its own and the other's").isEqualTo(2);
    }

    @Test
    void withRedisGoneADecisionStillAppliesOnItsOwnNode() throws Exception {
        RedisZoneStateChanges nodeA = new RedisZoneStateChanges(linkA, ZoneStateChanges.local(engineA), "bounceguard:");
        redis.kill();

        nodeA.disable("zen.spamhaus.org", "maintenance while Redis is down");

        assertThat(enabled(engineA)).isFalse();
        assertThat(nodeA.published()).isZero();
    }
}
