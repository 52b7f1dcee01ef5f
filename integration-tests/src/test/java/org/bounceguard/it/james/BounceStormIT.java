package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.BounceguardJames.DOMAIN;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdminHttp;
import org.bounceguard.testsupport.JamesNode;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RedisServer;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A spam run forging alice's address: hundreds of bounces for mail she never sent, from a loopback
 * client with the null sender, against the sample configuration with a small storm threshold. Node A
 * is this test's James, node B a second James process; both keep bounce storms on one real
 * redis-server. The genuine bounces are a real Postfix's DSNs for mail our users really sent; the
 * forged ones are the attacker's hand-written text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BounceStormIT {
    private static final int THRESHOLD = 10;
    private static final int FORGED = 300;
    /** Long enough for the storm to outlast 300 refusals and a Postfix DSN's round trip on a loaded machine. */
    private static final Duration STORM = Duration.ofSeconds(100);
    /** A domain of ours that does not sign: no RCPT refusal, the end of DATA judges its bounces with the ledger. */
    private static final String PLAIN = "plain.test";
    private static final String LENA = "lena@" + PLAIN;
    private static final String REMOTE = "remote.test";
    private static final String BACKSCATTER = "memory://var/mail/backscatter/";
    private static final String STORM_BEAN = "org.bounceguard:type=BounceStorm";
    private static final String POSTFIX_ADDRESS = "127.4.0.1";
    private static final String SPAMMER = "127.1.1.1";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    static final PostfixPeer remote = new PostfixPeer(REMOTE).user("bob")
        .routes(DOMAIN, () -> 2525).routes(PLAIN, () -> 2525);

    static final RedisServer redis = newRedis();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(remote)
        .gateway(remote::gateway)
        .part(redis)
        .settings(BounceStormIT::stormSettings)
        .build();

    private static JamesNode nodeB;

    private static RedisServer newRedis() {
        try {
            return new RedisServer("storm-test-redis-password");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> stormSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("batv.domains", DOMAIN);
        settings.put("redis.url", redis.url());
        settings.put("storm.store", "redis");
        settings.put("storm.threshold", Integer.toString(THRESHOLD));
        settings.put("storm.duration", STORM.toSeconds() + "s");
        return settings;
    }

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        assertThat(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue()).isEqualTo(2525);
        remote.connectFrom(POSTFIX_ADDRESS);
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(PLAIN);
        data.addUser(LENA, ALICE_PASSWORD);

        Map<String, String> nodeBSettings = new HashMap<>(stormSettings());
        nodeBSettings.put("dns.servers", rbldnsd.hostAndPort());
        nodeBSettings.put("dnsbl.skip.loopback", "false");
        Path target = Files.createDirectories(Path.of("target", "second-james"));
        nodeB = BounceguardJames.startAnotherNode(Files.createTempDirectory(target, "storm-node-b").toAbsolutePath(), nodeBSettings,
            Optional.of(remote.gateway()));
        nodeB.addUser(ALICE, ALICE_PASSWORD);
    }

    @AfterAll
    static void stopNodeBAndCheckTheErrorRepository(GuiceJamesServer server) throws Exception {
        try {
            assertThat(BounceguardJames.webAdmin(server).mails("memory://var/mail/error/")).as("the error repository").isEmpty();
        } finally {
            if (nodeB != null) {
                nodeB.close();
            }
        }
    }

    /** The attacker's DSN, quoting an invented Message-ID. */
    private static String forgedDsn(String to, String subject) {
        return "From: MAILER-DAEMON@mx." + REMOTE + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
            + "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx." + REMOTE + "\r\n\r\n"
            + "Final-Recipient: rfc822; someone@" + REMOTE + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Received: from laptop ([127.0.0.1]) by mx.bounceguard.test; Mon, 7 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <" + subject.replace(' ', '-') + "@invented.example>\r\n"
            + "From: " + to + "\r\nSubject: the original\r\n"
            + "--b1--\r\n";
    }

    private static SmtpClient.Outcome forgedBounce(SmtpClient node, String to, String subject) throws Exception {
        return node.send(SPAMMER, "mx." + REMOTE, "", to, forgedDsn(to, subject));
    }

    /** One of our users writes to a remote user from our network: Postfix accepts, then bounces it itself. */
    private static void writesToAnUnknownRemoteUser(GuiceJamesServer server, String sender, String subject) throws Exception {
        SmtpClient.Outcome sent = BounceguardJames.smtp(server).send("127.0.0.1", "laptop", sender, "nobody-" + Math.abs(subject.hashCode())
            + "@" + REMOTE, TestMail.message(sender, "nobody@" + REMOTE, subject));
        assertThat(sent.accepted()).as(sent.reply()).isTrue();
    }

    private static String awaitRawInInbox(GuiceJamesServer server, String user, String mustContain) {
        Imap imap = BounceguardJames.imap(server);
        return await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> imap.rawInbox(user, ALICE_PASSWORD).stream()
            .filter(raw -> raw.contains(mustContain))
            .findFirst(), Optional::isPresent).get();
    }

    private static List<String> recipientsInStorm(WebAdminHttp webAdmin) throws Exception {
        WebAdminHttp.Answer answer = webAdmin.get("/bounceguard/storms");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> recipients = new ArrayList<>();
        answer.json().path("recipients").forEach(storm -> recipients.add(storm.path("recipient").asText()));
        return recipients;
    }

    private static long storms(String attribute) throws Exception {
        return setUp.counters().value(STORM_BEAN, attribute);
    }

    @Test
    @Order(1)
    void afterTheThresholdForgedBouncesToAliceAreRefusedAndHerGenuineDsnStillArrives(GuiceJamesServer server) throws Exception {
        long quarantinedBefore = BounceguardJames.webAdmin(server).size(BACKSCATTER);
        List<SmtpClient.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < FORGED; i++) {
            outcomes.add(forgedBounce(BounceguardJames.smtp(server), ALICE, "forged bounce " + i));
        }

        assertThat(outcomes.subList(0, THRESHOLD)).allSatisfy(outcome -> assertThat(outcome.accepted()).as(outcome.reply()).isTrue());
        assertThat(outcomes.subList(THRESHOLD, FORGED)).allSatisfy(outcome -> {
            assertThat(outcome.code()).as(outcome.reply()).isEqualTo(550);
            assertThat(outcome.reply()).contains("5.7.1");
        });
        assertThat(storms("RefusedAtRcpt")).as("no valid BATV tag: refused at RCPT").isEqualTo(FORGED - THRESHOLD);
        await().atMost(Duration.ofSeconds(60)).until(() -> BounceguardJames.webAdmin(server).size(BACKSCATTER) - quarantinedBefore == THRESHOLD);
        assertThat(storms("StormsEntered")).isEqualTo(1);
        WebAdminHttp webAdmin = new WebAdminHttp(server);
        assertThat(recipientsInStorm(webAdmin)).containsExactly(ALICE);

        // the README says a tag proves a bounce: a forger who read it invents one
        SmtpClient.Outcome inventedTag = forgedBounce(BounceguardJames.smtp(server), "prvs=1234abcdef=" + ALICE, "forged bounce with a tag");
        assertThat(inventedTag.code()).as(inventedTag.reply()).isEqualTo(550);

        // alice's own mail, bounced by a real Postfix to her tagged address, during the storm
        String subject = "alice writes to someone who does not exist";
        writesToAnUnknownRemoteUser(server, ALICE, subject);
        String dsn = awaitRawInInbox(server, ALICE, TestMail.messageId(subject));
        assertThat(dsn).contains("Undelivered Mail Returned to Sender").doesNotContain("X-Bounceguard-Backscatter");
        assertThat(recipientsInStorm(webAdmin)).as("it arrived during the storm").containsExactly(ALICE);
        assertThat(BounceguardJames.webAdmin(server).size(BACKSCATTER) - quarantinedBefore).isEqualTo(THRESHOLD);
    }

    @Test
    @Order(2)
    void aStormEnteredOnNodeARefusesOnNodeB() throws Exception {
        SmtpClient.Outcome onB = forgedBounce(nodeB.smtp(), ALICE, "forged bounce to node B");

        assertThat(onB.code()).as(onB.reply()).isEqualTo(550);
        assertThat(onB.reply()).contains("5.7.1");
        assertThat(nodeB.counters().value(STORM_BEAN, "RefusedAtRcpt")).isEqualTo(1);
        assertThat(recipientsInStorm(new WebAdminHttp(nodeB.ports().webAdmin()))).containsExactly(ALICE);
    }

    @Test
    @Order(3)
    void withoutBatvTheEndOfDataRefusesUnprovenBouncesAndALedgerProvenDsnIsAccepted(GuiceJamesServer server) throws Exception {
        long refusedBefore = storms("RefusedAtData");
        List<SmtpClient.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i <= THRESHOLD + 2; i++) {
            outcomes.add(forgedBounce(BounceguardJames.smtp(server), LENA, "forged bounce to lena " + i));
        }

        assertThat(outcomes.subList(0, THRESHOLD)).allSatisfy(outcome -> assertThat(outcome.accepted()).as(outcome.reply()).isTrue());
        assertThat(outcomes.subList(THRESHOLD, outcomes.size())).allSatisfy(outcome -> {
            assertThat(outcome.code()).as(outcome.reply()).isEqualTo(550);
            assertThat(outcome.reply()).contains("5.7.1");
        });
        assertThat(storms("RefusedAtData") - refusedBefore).isEqualTo(3);

        String subject = "lena writes to someone who does not exist";
        writesToAnUnknownRemoteUser(server, LENA, subject);
        String dsn = awaitRawInInbox(server, LENA, TestMail.messageId(subject));
        assertThat(dsn).contains("Undelivered Mail Returned to Sender").doesNotContain("X-Bounceguard-Backscatter");
        assertThat(recipientsInStorm(new WebAdminHttp(server))).as("it arrived during the storm").contains(LENA);
    }

    @Test
    @Order(4)
    void anOperatorEndsAStormEarlyOverWebAdmin(GuiceJamesServer server) throws Exception {
        WebAdminHttp webAdmin = new WebAdminHttp(server);
        assertThat(webAdmin.delete("/bounceguard/storms/" + LENA).status()).isEqualTo(204);
        assertThat(webAdmin.delete("/bounceguard/storms/" + LENA).status()).isEqualTo(404);
        assertThat(recipientsInStorm(webAdmin)).doesNotContain(LENA);

        SmtpClient.Outcome accepted = forgedBounce(BounceguardJames.smtp(server), LENA, "forged bounce after the operator");
        assertThat(accepted.accepted()).as(accepted.reply()).isTrue();
    }

    @Test
    @Order(5)
    void theStormEndsByItselfOnEveryNode(GuiceJamesServer server) throws Exception {
        WebAdminHttp webAdmin = new WebAdminHttp(server);
        await().atMost(STORM.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
            .until(() -> !recipientsInStorm(webAdmin).contains(ALICE));
        await().atMost(Duration.ofSeconds(10))
            .until(() -> storms("StormsLeft") + nodeB.counters().value(STORM_BEAN, "StormsLeft") >= 2);
        assertThat(storms("StormsLeft") + nodeB.counters().value(STORM_BEAN, "StormsLeft")).as("alice's and lena's, each seen once").isEqualTo(2);

        long quarantinedBefore = BounceguardJames.webAdmin(server).size(BACKSCATTER);
        SmtpClient.Outcome onA = forgedBounce(BounceguardJames.smtp(server), ALICE, "forged bounce after the storm");
        SmtpClient.Outcome onB = forgedBounce(nodeB.smtp(), ALICE, "forged bounce to node B after the storm");
        assertThat(onA.accepted()).as(onA.reply()).isTrue();
        assertThat(onB.accepted()).as(onB.reply()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> BounceguardJames.webAdmin(server).size(BACKSCATTER) - quarantinedBefore == 1);
    }
}
