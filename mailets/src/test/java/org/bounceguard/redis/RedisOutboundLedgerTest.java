package org.bounceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.bounceguard.ledger.LedgerAnswer;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.OutboundLedger;
import org.bounceguard.ledger.OutboundLedgerContract;
import org.bounceguard.testsupport.SettableClock;
import org.bounceguard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger contract against a real redis-server, plus what only a shared, fallible store does. */
class RedisOutboundLedgerTest extends OutboundLedgerContract {
    private static RedisServer redis;
    private static RedisLink link;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new RedisServer("ledger-test-password").started();
        link = RedisLinks.connected(redis.url());
    }

    @AfterAll
    static void stopRedis() throws Exception {
        link.close();
        redis.close();
    }

    @AfterEach
    void nothingFailed() {
        assertThat(ledger.stats().storeFailures()).isZero();
    }

    @Override
    protected OutboundLedger newLedger(LedgerKey key, LedgerPolicy policy, SettableClock clock) {
        link.call(commands -> commands.flushall());
        return new RedisOutboundLedger(link, key, policy, clock, "bounceguard:");
    }

    @Override
    protected int bucketsHeld() {
        ledger.expire();
        return ledger.stats().buckets();
    }

    /** Redis drops a day by its TTL, in Redis's time: here only the days the ledger still asks are counted. */
    @Override
    @Test
    protected void expiryDropsWholeBucketsOlderThanTheRetention() {
        ledger.record("<old@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(10));
        ledger.record("<newer@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(5));

        assertThat(bucketsHeld()).isEqualTo(1);
        assertThat(ledger.answers("old@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void anEntryIsAKeyedHashInTheSetOfItsDayWhichExpiresAfterTheRetention() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        String expected = LedgerKey.hex(KEY.of("msg-1@relay.example", "alice@ours.example"));
        assertThat(link.call(commands -> commands.smembers("bounceguard:ledger:20260302")).orElseThrow()).containsExactly(expected);
        long ttl = link.call(commands -> commands.ttl("bounceguard:ledger:20260302")).orElseThrow();
        // 10:00 on day 0: the rest of day 0 and 14 more days
        assertThat(ttl).isBetween(14 * 86_400L + 14 * 3600L - 60, 14 * 86_400L + 14 * 3600L);
    }

    @Test
    void anotherNodeOnTheSameRedisAnswersForWhatThisOneRecorded() throws Exception {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        try (RedisLink otherLink = RedisLinks.connected(redis.url())) {
            OutboundLedger otherNode = new RedisOutboundLedger(otherLink, KEY, FOURTEEN_DAYS, clock, "bounceguard:");
            assertThat(otherNode.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
            assertThat(otherNode.answers("msg-2@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
        }
    }

    @Test
    void aRedisThatCannotBeReachedAnswersUnavailableAndCountsIt() throws Exception {
        RedisServer down = new RedisServer("");
        try (RedisLink unreachable = RedisLinks.unconnected(down.url())) {
            OutboundLedger unreachableLedger = new RedisOutboundLedger(unreachable, KEY, FOURTEEN_DAYS, clock, "bounceguard:");

            assertThat(unreachableLedger.record("<msg-1@relay.example>", List.of("alice@ours.example"))).isZero();
            assertThat(unreachableLedger.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.UNAVAILABLE);
            assertThat(unreachableLedger.stats().storeFailures()).isEqualTo(2);
            assertThat(unreachable.outages()).isEqualTo(1);
        }
    }
}
