package org.bounceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.bounceguard.testsupport.RedisServer;
import org.bounceguard.verify.Backend;
import org.bounceguard.verify.CachedVerdict;
import org.bounceguard.verify.Decision;
import org.bounceguard.verify.ProbeResult;
import org.bounceguard.verify.RecipientVerifier;
import org.bounceguard.verify.VerificationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Verified addresses on a real redis-server, shared by two "nodes" (two links, two verifiers). */
class RedisVerificationStoreTest {
    @RegisterExtension
    static final TwoNodesOnRedis redis = new TwoNodesOnRedis();

    @Test
    void whatOneNodeVerifiedTheOtherAnswersWithoutAProbe() {
        AtomicInteger probesA = new AtomicInteger();
        AtomicInteger probesB = new AtomicInteger();
        VerificationPolicy policy = new VerificationPolicy(Map.of("relayed.test", new Backend("127.0.0.1", 25)), Duration.ofDays(7),
            Duration.ofHours(3), Duration.ofSeconds(1), Optional.empty(), "mx.test", Duration.ofHours(1), 3, Duration.ofSeconds(30), 20,
            Duration.ofMinutes(10), 1000, false);
        RecipientVerifier a = new RecipientVerifier(policy, new RedisVerificationStore(redis.nodeA(), "bounceguard:"), (backend, recipient) -> {
            probesA.incrementAndGet();
            return recipient.startsWith("bob@") ? ProbeResult.ACCEPTED : new ProbeResult.Refused(550, "5.1.1 unknown");
        }, Clock.systemUTC());
        RecipientVerifier b = new RecipientVerifier(policy, new RedisVerificationStore(redis.nodeB(), "bounceguard:"), (backend, recipient) -> {
            probesB.incrementAndGet();
            return ProbeResult.ACCEPTED;
        }, Clock.systemUTC());

        assertThat(a.verify("192.0.2.1", "bob@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.PROBE));
        assertThat(a.verify("192.0.2.1", "nobody@relayed.test")).isInstanceOf(Decision.Refuse.class);
        assertThat(b.verify("192.0.2.2", "Bob@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.CACHE));
        assertThat(b.verify("192.0.2.2", "nobody@relayed.test")).isEqualTo(new Decision.Refuse("unknown"));
        assertThat(probesB).hasValue(0);
    }

    @Test
    void entriesExpireByThemselvesAndCanBeForgottenFromAnyNode() {
        RedisVerificationStore a = new RedisVerificationStore(redis.nodeA(), "bounceguard:");
        RedisVerificationStore b = new RedisVerificationStore(redis.nodeB(), "bounceguard:");
        a.put("bob@relayed.test", CachedVerdict.ACCEPTED, Duration.ofDays(7));
        a.put("nobody@relayed.test", CachedVerdict.refused(550, "5.1.1 unknown"), Duration.ofMillis(1500));
        assertThat(redis.nodeA().call(commands -> commands.pttl("bounceguard:verify:bob@relayed.test")).orElseThrow())
            .isBetween(Duration.ofDays(7).toMillis() - 60_000, Duration.ofDays(7).toMillis());
        assertThat(b.forget("bob@relayed.test")).isTrue();
        assertThat(a.get("bob@relayed.test")).isEmpty();
        assertThat(b.get("nobody@relayed.test")).contains(CachedVerdict.refused(550, "5.1.1 unknown"));
        await().atMost(Duration.ofSeconds(5)).until(() -> b.get("nobody@relayed.test").isEmpty());
    }

    @Test
    void whileRedisCannotAnswerALookUpIsAMissAndAForgetSaysSo() throws Exception {
        RedisServer other = new RedisServer("").started();
        RedisLink link = RedisLinks.connected(other.url());
        try {
            RedisVerificationStore store = new RedisVerificationStore(link, "bounceguard:");
            store.put("bob@relayed.test", CachedVerdict.ACCEPTED, Duration.ofDays(1));
            other.kill();
            assertThat(store.get("bob@relayed.test")).isEmpty();
            assertThatThrownBy(() -> store.forget("bob@relayed.test")).isInstanceOf(IllegalStateException.class);
            assertThat(store.failures()).isGreaterThanOrEqualTo(2);
        } finally {
            link.close();
            other.close();
        }
    }
}
