package org.bounceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bounceguard.ledger.LedgerAnswer;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.testing.FakeTicker;
import org.bounceguard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real redis-server stopped with SIGSTOP: it keeps its connections and takes commands, and never
 * answers. Timings are checked against bounds many times wider than what they prove (a quarter of
 * the cost without the bound), so a loaded machine does not fail them.
 */
class HungRedisTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    /** Long in real time, so the link's own probe never runs during a test; the tests move the fake ticker past it. */
    private static final Duration BACK_OFF = Duration.ofMinutes(10);

    private RedisServer redis;
    private final FakeTicker ticker = new FakeTicker();
    private final List<RedisLink> links = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = new RedisServer("hung-test-password").started();
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.resume();
        links.forEach(RedisLink::close);
        redis.close();
    }

    private RedisLink link() {
        RedisLink link = new RedisLink(new RedisSettings(RedisSettings.parseUrl(redis.url()), COMMAND_TIMEOUT, CONNECT_TIMEOUT,
            Duration.ofMillis(200), BACK_OFF), ticker::read);
        links.add(link);
        return link;
    }

    private RedisLink connectedLink() throws InterruptedException {
        RedisLink link = link();
        awaitPing(link);
        return link;
    }

    private static void awaitPing(RedisLink link) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (link.call(commands -> commands.ping()).isEmpty()) {
            assertThat(Instant.now()).as("Redis answers again").isBefore(until);
            Thread.sleep(20);
        }
    }

    @Test
    void aLinkOpenedWhileRedisHangsGivesUpAfterTheConnectTimeoutAndConnectsOnceItAnswers() throws Exception {
        redis.hang();

        long started = System.nanoTime();
        RedisLink link = link();
        Duration opening = Duration.ofNanos(System.nanoTime() - started);

        // the handshake waits the connect timeout (500 ms), not Lettuce's 60 s default
        assertThat(opening).isLessThan(Duration.ofSeconds(15));
        assertThat(link.connected()).isFalse();
        assertThat(link.call(commands -> commands.ping())).isEmpty();

        redis.resume();
        awaitPing(link);
        assertThat(link.connected()).isTrue();
    }

    @Test
    void aHungRedisCostsOneTimeoutThenEveryCallFallsBackAtOnceUntilTheBackOffEnds() throws Exception {
        RedisLink link = connectedLink();
        redis.hang();

        long started = System.nanoTime();
        for (int call = 0; call < 40; call++) {
            assertThat(link.call(commands -> commands.ping())).isEmpty();
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - started);

        // 40 calls: one waited its 300 ms, 39 were refused without asking (40 x 300 ms = 12 s without the breaker)
        assertThat(link.failures()).isEqualTo(1);
        assertThat(link.refusedWhileBackingOff()).isEqualTo(39);
        assertThat(link.backOffs()).isEqualTo(1);
        assertThat(spent).isLessThan(Duration.ofSeconds(3));

        // past the back-off one trial goes, and times out while Redis still hangs
        ticker.advance(BACK_OFF);
        assertThat(link.call(commands -> commands.ping())).isEmpty();
        assertThat(link.failures()).isEqualTo(2);
        assertThat(link.call(commands -> commands.ping())).isEmpty();
        assertThat(link.refusedWhileBackingOff()).isEqualTo(40);

        redis.resume();
        ticker.advance(BACK_OFF);
        awaitPing(link);
        assertThat(link.backingOff()).isFalse();
        assertThat(link.call(commands -> commands.ping())).hasValue("PONG");
    }

    @Test
    void afterTheBackOffTheLinkTriesRedisByItselfAndRecoversWithoutWaitingForAMail() throws Exception {
        RedisLink link = new RedisLink(new RedisSettings(RedisSettings.parseUrl(redis.url()), COMMAND_TIMEOUT, CONNECT_TIMEOUT,
            Duration.ofMillis(200), Duration.ofMillis(500)));
        links.add(link);
        awaitPing(link);
        redis.hang();
        assertThat(link.call(commands -> commands.ping())).isEmpty();
        assertThat(link.backingOff()).isTrue();

        redis.resume();
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (link.backingOff()) {
            assertThat(Instant.now()).as("the link's own probe closes the back-off").isBefore(until);
            Thread.sleep(20);
        }
        assertThat(link.refusedWhileBackingOff()).as("no call was made meanwhile").isZero();
    }

    @Test
    void callsTimingOutOneAfterTheOtherStillLeaveTheLinkRecoveringByItself() throws Exception {
        RedisLink link = new RedisLink(new RedisSettings(RedisSettings.parseUrl(redis.url()), COMMAND_TIMEOUT, CONNECT_TIMEOUT,
            Duration.ofMillis(200), Duration.ofMillis(500)));
        links.add(link);
        awaitPing(link);
        redis.hang();

        // the second call is under way when the first times out: its own timeout moves the back-off window
        Thread first = new Thread(() -> link.call(commands -> commands.ping()));
        first.start();
        Thread.sleep(150);
        assertThat(link.call(commands -> commands.ping())).isEmpty();
        first.join();
        assertThat(link.failures()).isEqualTo(2);

        redis.resume();
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (link.backingOff()) {
            assertThat(Instant.now()).as("the link's own probe closes the back-off").isBefore(until);
            Thread.sleep(20);
        }
    }

    @Test
    void aBounceToManyRecipientsWaitsOneTimeoutInTheLedgerNotOnePerRecipient() throws Exception {
        RedisLink link = connectedLink();
        RedisOutboundLedger ledger = new RedisOutboundLedger(link, LedgerKey.fromSecret("hung-test-secret"),
            LedgerPolicy.DEFAULT, Clock.systemUTC(), "bounceguard:");
        redis.hang();

        long started = System.nanoTime();
        for (int recipient = 0; recipient < 30; recipient++) {
            assertThat(ledger.answers("<m1@example.org>", "user" + recipient + "@example.org")).isEqualTo(LedgerAnswer.UNAVAILABLE);
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - started);

        assertThat(ledger.stats().storeFailures()).as("every look-up counted as unanswered").isEqualTo(30);
        assertThat(link.failures()).as("one of them waited").isEqualTo(1);
        assertThat(spent).as("30 x 300 ms = 9 s without the breaker").isLessThan(Duration.ofSeconds(3));
    }
}
