package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Rcpt;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdminHttp;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.JamesNode;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two James nodes (this test's own and a second JVM) sharing one real redis-server verify the
 * recipients of a relayed domain against one real Postfix backend: what one node learnt, the
 * other answers without a probe ({@code verify.store} left unset: Redis, since {@code redis.url} is set).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecipientVerificationClusterIT {
    private static final String RELAYED = "relayed.bounceguard.test";
    private static final String CLIENT = "127.3.1.1";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();
    static final PostfixPeer backend = new PostfixPeer(RELAYED).user("bob").user("dave").refusesUnknownUsers();
    static final RedisServer redis = newRedis();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(backend)
        .part(redis)
        .settings(RecipientVerificationClusterIT::settings)
        .build();

    private static JamesNode nodeB;

    private static RedisServer newRedis() {
        try {
            return new RedisServer("");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("redis.url", redis.url());
        settings.put("verify.domains", RELAYED + "=" + backend.gateway());
        return settings;
    }

    @BeforeAll
    static void startNodeB() throws Exception {
        Map<String, String> settings = new HashMap<>(settings());
        settings.put("dns.servers", rbldnsd.hostAndPort());
        settings.put("dnsbl.skip.loopback", "false");
        Path target = Files.createDirectories(Path.of("target", "second-james"));
        nodeB = BounceguardJames.startAnotherNode(Files.createTempDirectory(target, "verify-node-b").toAbsolutePath(), settings,
            Optional.empty());
    }

    @AfterAll
    static void stopNodeB() throws Exception {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private static long nodeB(String attribute) throws Exception {
        return nodeB.counters().value(Counters.RECIPIENT_VERIFICATION, attribute);
    }

    private static int smtpPortA(GuiceJamesServer nodeA) {
        return nodeA.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    @Test
    @Order(1)
    void whatNodeAVerifiedNodeBAnswersWithoutAProbe(GuiceJamesServer nodeA) throws Exception {
        assertThat(Rcpt.to(smtpPortA(nodeA), CLIENT, "someone@sender.example", "dave@" + RELAYED).code()).isEqualTo(250);
        assertThat(Rcpt.to(smtpPortA(nodeA), CLIENT, "someone@sender.example", "nobody@" + RELAYED).code()).isEqualTo(550);
        assertThat(setUp.counters().value(Counters.RECIPIENT_VERIFICATION, "Probes")).isPositive();

        long probesB = nodeB("Probes");
        assertThat(Rcpt.to(nodeB.smtpPort(), CLIENT, "someone@sender.example", "dave@" + RELAYED).code()).isEqualTo(250);
        Rcpt.Reply refused = Rcpt.to(nodeB.smtpPort(), CLIENT, "someone@sender.example", "nobody@" + RELAYED);
        assertThat(refused.code()).isEqualTo(550);
        assertThat(refused.text()).contains("User unknown");
        assertThat(nodeB("Probes")).isEqualTo(probesB);
        assertThat(nodeB("CacheHits")).isEqualTo(2);
    }

    @Test
    @Order(2)
    void anAddressForgottenOnNodeAIsProbedAgainByNodeB(GuiceJamesServer nodeA) throws Exception {
        assertThat(new WebAdminHttp(nodeA).delete("/bounceguard/verify/dave@" + RELAYED).status()).isEqualTo(204);
        long probesB = nodeB("Probes");
        assertThat(Rcpt.to(nodeB.smtpPort(), CLIENT, "someone@sender.example", "dave@" + RELAYED).code()).isEqualTo(250);
        assertThat(nodeB("Probes")).isGreaterThan(probesB);
    }
}
