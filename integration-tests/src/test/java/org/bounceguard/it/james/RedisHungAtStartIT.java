package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.testsupport.JamesNode;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RedisServer;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A James laid out like {@code scripts/run}, in its own JVM on its own ports, started while its
 * Redis is SIGSTOPped (it accepts the connection and never answers the handshake). James starts
 * without waiting Lettuce's 60 s default, takes and delivers mail while Redis hangs, and connects
 * by itself once Redis answers.
 */
class RedisHungAtStartIT {
    private static final String SHARED_STATE = "org.bounceguard:type=SharedState";
    /** Lettuce's own handshake timeout, which the old start-up waited for at least once. */
    private static final Duration LETTUCE_DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    @RegisterExtension
    static RedisServer redis = newRedis();

    private static RedisServer newRedis() {
        try {
            return new RedisServer("hung-at-start-password");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void jamesStartsWhileRedisHangsDeliversMailAndConnectsWhenRedisAnswers() throws Exception {
        redis.hang();
        Path target = Files.createDirectories(Path.of("target", "second-james"));
        long started = System.nanoTime();
        try (JamesNode james = BounceguardJames.startAnotherNode(Files.createTempDirectory(target, "hung-redis").toAbsolutePath(), Map.of(
                "dns.servers", rbldnsd.hostAndPort(),
                "dnsbl.skip.loopback", "false",
                "redis.url", redis.url(),
                "redis.connectTimeout", "1s",
                "ndr.rateLimit.store", "redis",
                "ledger.store", "redis"), Optional.empty())) {
            Duration startUp = Duration.ofNanos(System.nanoTime() - started);
            // the whole start-up, James's own included, within what the handshake alone used to wait
            assertThat(startUp).isLessThan(LETTUCE_DEFAULT_TIMEOUT);
            try (Jmx jmx = james.jmx()) {
                assertThat((Boolean) jmx.attribute(SHARED_STATE, "Connected")).isFalse();
            }

            james.addUser(ALICE, ALICE_PASSWORD);
            SmtpClient.Outcome outcome = james.smtp().send("127.1.1.1", "client.example", "bob@example.com", ALICE,
                TestMail.message("bob@example.com", ALICE, "while redis hangs at start"));
            assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> BounceguardJames.imap(james).inbox(ALICE, ALICE_PASSWORD).stream()
                .anyMatch(message -> "while redis hangs at start".equals(message.subject())));

            redis.resume();
            try (Jmx jmx = james.jmx()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> (Boolean) jmx.attribute(SHARED_STATE, "Connected"));
            }
        } finally {
            redis.resume();
        }
    }
}
