package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.JamesNode;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RedisServer;
import org.bounceguard.testsupport.RemoteMta;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.SmtpLoad;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two James servers in two JVMs sharing one real redis-server, as two nodes of a cluster: node A
 * is this test's own James, node B a second James process laid out like {@code scripts/run}. Both
 * keep NDR quotas and the outbound ledger on Redis and pass zone decisions over its pub/sub.
 * "The Internet" behind RemoteDelivery is one real SMTP server on loopback; rbldnsd serves the
 * zones and the senders' MX records.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesOnRedisIT {
    private static final int QUOTA = 3;
    private static final String NDR_SUPPRESSION = "org.bounceguard:type=NdrSuppression";
    private static final String SHARED_STATE = "org.bounceguard:type=SharedState";
    private static final String LEDGER = "org.bounceguard:type=OutboundLedger";
    private static final String ZEN = "org.bounceguard:type=DnsblZone,name=zen.spamhaus.org";
    private static final String ADDRESS_ERRORS = "memory://var/mail/address-error/";
    private static final String BACKSCATTER = "memory://var/mail/backscatter/";
    private static final String ERRORS = "memory://var/mail/error/";
    private static final int USERS = 10;
    private static final int MAILS_PER_NODE = 1000;
    /**
     * Long enough that a mail paying it once per Redis call (a bounce to {@link #PROBE_RECIPIENTS}
     * recipients: one ledger look-up each, 24 s) stands far apart from one paying it once.
     */
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);
    private static final int PROBE_RECIPIENTS = 12;
    /** What a mail's trip through James may take beyond its one Redis timeout on this loaded two-core machine. */
    private static final Duration DELIVERY_SLACK = Duration.ofSeconds(12);

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("example.net", "generic", "@ MX 10 mx.example.net.", "mx A 192.0.2.25");

    static final RemoteMta remoteMta = new RemoteMta();

    static final RedisServer redis = newRedis();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .part(redis)
        .settings(TwoNodesOnRedisIT::sharedStateSettings)
        .build();

    private static JamesNode nodeB;

    private static RedisServer newRedis() {
        try {
            return new RedisServer("cluster-test-redis-password");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> sharedStateSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("redis.url", redis.url());
        settings.put("ndr.rateLimit.store", "redis");
        settings.put("ndr.rateLimit.perAddress", Integer.toString(QUOTA));
        settings.put("ledger.store", "redis");
        settings.put("redis.timeout", REDIS_TIMEOUT.toMillis() + "ms");
        return settings;
    }

    /** Node B's settings: node A's, with the same rbldnsd. */
    private static Map<String, String> nodeBSettings() {
        Map<String, String> settings = new HashMap<>(sharedStateSettings());
        settings.put("dns.servers", rbldnsd.hostAndPort());
        settings.put("dnsbl.skip.loopback", "false");
        return settings;
    }

    @BeforeAll
    static void startNodeB(GuiceJamesServer nodeA) throws Exception {
        // under target/, where its log stays for a look after a failure
        Path target = Files.createDirectories(Path.of("target", "second-james"));
        nodeB = BounceguardJames.startAnotherNode(Files.createTempDirectory(target, "node-b").toAbsolutePath(), nodeBSettings(), Optional.of(remoteMta.gateway()));
        nodeB.addUser(ALICE, ALICE_PASSWORD);
        for (int user = 0; user < USERS; user++) {
            nodeA.getProbe(DataProbeImpl.class).addUser(user(user), ALICE_PASSWORD);
            nodeB.addUser(user(user), ALICE_PASSWORD);
        }
        for (int probe = 0; probe < PROBE_RECIPIENTS; probe++) {
            nodeA.getProbe(DataProbeImpl.class).addUser(probeUser(probe), ALICE_PASSWORD);
            nodeB.addUser(probeUser(probe), ALICE_PASSWORD);
        }
    }

    private static String probeUser(int number) {
        return "probe" + number + "@" + BounceguardJames.DOMAIN;
    }

    @AfterAll
    static void stopNodeB() throws Exception {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private static String user(int number) {
        return "user" + number + "@" + BounceguardJames.DOMAIN;
    }

    private static Jmx jmxA() throws Exception {
        return Jmx.connect(BounceguardJames.workingDirectory());
    }

    private static SmtpClient acceptThenCheckA() {
        return new SmtpClient("127.0.0.1", Dsns.ACCEPT_THEN_CHECK_PORT);
    }

    private static long onBothNodes(String objectName, String attribute) throws Exception {
        return setUp.counters().value(objectName, attribute) + nodeB.counters().value(objectName, attribute);
    }

    private static long rateLimitedOnBothNodes() throws Exception {
        return onBothNodes(NDR_SUPPRESSION, "RateLimited");
    }

    /** Sends {@code count} mails to unknown users, from {@code sender}, alternately to node A and node B. */
    private static void mailsThatFailAfterAcceptance(String sender, int count, String subject) throws Exception {
        for (int i = 0; i < count; i++) {
            SmtpClient node = i % 2 == 0 ? acceptThenCheckA() : nodeB.acceptThenCheck();
            TestMail.send(node, "127.1.1.1", sender, "nobody-" + subject.replace(' ', '-') + "-" + i + "@bounceguard.test",
                subject + " " + i);
        }
    }

    /** N attempts over both nodes: exactly QUOTA NDRs reach the sender, the rest are rate-limited. */
    private static void assertExactlyTheQuotaAcrossBothNodes(String sender, int attempts, String subject) throws Exception {
        long rateLimitedBefore = rateLimitedOnBothNodes();

        mailsThatFailAfterAcceptance(sender, attempts, subject);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> rateLimitedOnBothNodes() - rateLimitedBefore == attempts - QUOTA && remoteMta.messagesTo(sender).size() == QUOTA);
        assertThat(remoteMta.messagesTo(sender)).hasSize(QUOTA);
        assertThat(rateLimitedOnBothNodes() - rateLimitedBefore).isEqualTo(attempts - QUOTA);
    }

    @Test
    @Order(1)
    void anNdrQuotaOfNPerAddressGivesNNdrsInTotalAcrossBothNodes() throws Exception {
        assertExactlyTheQuotaAcrossBothNodes("dave@example.net", 8, "quota");
        assertThat(setUp.counters().value(NDR_SUPPRESSION, "RateLimited")).as("node A decided some").isPositive();
        assertThat(nodeB.counters().value(NDR_SUPPRESSION, "RateLimited")).as("node B decided some").isPositive();
        assertThat(onBothNodes(SHARED_STATE, "NdrFallbacks")).isZero();
    }

    @Test
    @Order(2)
    void alicesMailRelayedByNodeAMakesTheBounceArrivingAtNodeBALedgerHit(GuiceJamesServer nodeA) throws Exception {
        long hitsBefore = nodeB.counters().value(LEDGER, "Hits");
        String messageId = TestMail.aliceSendsOut(BounceguardJames.smtp(nodeA), remoteMta, "carol@remote.example", "relayed by node A");

        // carol's server bounces to the From: address, and the bounce reaches the other node
        Dsns.remoteBounce(nodeB.smtp(), ALICE, messageId, "bounce arriving at node B");

        Imap.Delivered delivered = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> BounceguardJames.imap(nodeB).inbox(ALICE, ALICE_PASSWORD).stream()
                .filter(message -> "bounce arriving at node B".equals(message.subject())).findFirst(), Optional::isPresent)
            .get();
        assertThat(delivered.header("X-Bounceguard-Backscatter")).isNull();
        try (Jmx b = nodeB.jmx()) {
            assertThat(nodeB.counters().value(LEDGER, "Hits")).isEqualTo(hitsBefore + 1);
            assertThat(b.attribute(LEDGER, "Store")).isEqualTo("redis");
        }
    }

    @Test
    @Order(3)
    void aZoneDisabledOverJmxOnNodeAIsDisabledOnNodeBWithinASecond() throws Exception {
        try (Jmx a = jmxA(); Jmx b = nodeB.jmx()) {
            assertThat((Boolean) b.attribute(ZEN, "Enabled")).isTrue();

            a.invoke(ZEN, "disable", new Object[] {"list maintenance"}, new String[] {String.class.getName()});

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> !(Boolean) b.attribute(ZEN, "Enabled"));
            assertThat(b.attribute(ZEN, "DisabledReason")).isEqualTo("list maintenance");

            b.invoke(ZEN, "enable", new Object[0], new String[0]);

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> (Boolean) a.attribute(ZEN, "Enabled"));
        }
    }

    @Test
    @Order(4)
    void redisKilledUnderLoadLosesNoMailCountsTheFallbacksAndIsSharedAgainAfterItsRestart(GuiceJamesServer nodeA) throws Exception {
        WebAdmin webAdminA = BounceguardJames.webAdmin(nodeA);
        WebAdmin webAdminB = BounceguardJames.webAdmin(nodeB);
        long addressErrorsBefore = webAdminA.size(ADDRESS_ERRORS) + webAdminB.size(ADDRESS_ERRORS);
        long bouncesBefore = bouncesFor(nodeA, webAdminA) + bouncesFor(BounceguardJames.imap(nodeB), webAdminB);
        long fallbacksBefore = onBothNodes(SHARED_STATE, "NdrFallbacks");
        long ledgerFailuresBefore = onBothNodes(SHARED_STATE, "LedgerFailures");

        AtomicInteger acceptedByA = new AtomicInteger();
        AtomicInteger acceptedByB = new AtomicInteger();
        CompletableFuture<SmtpLoad.Result> loadA = CompletableFuture.supplyAsync(() -> load(
            nodeA.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(), 71, acceptedByA));
        CompletableFuture<SmtpLoad.Result> loadB = CompletableFuture.supplyAsync(() -> load(nodeB.smtpPort(), 72, acceptedByB));

        await().atMost(Duration.ofMinutes(5)).until(() -> acceptedByA.get() + acceptedByB.get() >= 600);
        redis.kill();

        // while Redis is gone: NDR decisions and ledger look-ups on both nodes
        mailsThatFailAfterAcceptance("erin@example.net", 4, "during the outage");
        for (int i = 0; i < 4; i++) {
            SmtpClient node = i % 2 == 0 ? BounceguardJames.smtp(nodeA) : nodeB.smtp();
            Dsns.remoteBounce(node, ALICE, "<outage-" + i + "@bounceguard.test>", "bounce during the outage " + i);
        }

        SmtpLoad.Result resultA = loadA.get();
        SmtpLoad.Result resultB = loadB.get();
        assertThat(resultA.failures()).isEmpty();
        assertThat(resultB.failures()).isEmpty();
        assertThat(resultA.accepted() + resultB.accepted()).isEqualTo(2 * MAILS_PER_NODE);

        // every accepted mail is found again, none in the error repository
        await().atMost(Duration.ofMinutes(5)).ignoreExceptions().until(() -> delivered(BounceguardJames.imap(nodeA)) == resultA.accepted());
        await().atMost(Duration.ofMinutes(5)).ignoreExceptions().until(() -> delivered(BounceguardJames.imap(nodeB)) == resultB.accepted());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> webAdminA.size(ADDRESS_ERRORS) + webAdminB.size(ADDRESS_ERRORS) == addressErrorsBefore + 4);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> bouncesFor(nodeA, webAdminA) + bouncesFor(BounceguardJames.imap(nodeB), webAdminB) == bouncesBefore + 4);
        assertThat(webAdminA.size(ERRORS)).isZero();
        assertThat(webAdminB.size(ERRORS)).isZero();

        // the fallbacks are counted on both nodes
        for (Counters node : List.of(setUp.counters(), nodeB.counters())) {
            assertThat(node.value(SHARED_STATE, "Outages")).isPositive();
        }
        try (Jmx a = jmxA(); Jmx b = nodeB.jmx()) {
            for (Jmx node : new Jmx[] {a, b}) {
                assertThat((Boolean) node.attribute(SHARED_STATE, "Connected")).isFalse();
            }
        }
        assertThat(onBothNodes(SHARED_STATE, "NdrFallbacks") - fallbacksBefore).isEqualTo(4);
        // the four look-ups, and the records of whatever NDRs left meanwhile
        assertThat(onBothNodes(SHARED_STATE, "LedgerFailures") - ledgerFailuresBefore).isGreaterThanOrEqualTo(4);

        // Redis back: both nodes reconnect by themselves and share their decisions again
        redis.start();
        try (Jmx a = jmxA(); Jmx b = nodeB.jmx()) {
            await().atMost(Duration.ofSeconds(30))
                .until(() -> (Boolean) a.attribute(SHARED_STATE, "Connected") && (Boolean) b.attribute(SHARED_STATE, "Connected"));
        }
        long fallbacksAfterOutage = onBothNodes(SHARED_STATE, "NdrFallbacks");
        assertExactlyTheQuotaAcrossBothNodes("frank@example.net", 6, "after the restart");
        assertThat(onBothNodes(SHARED_STATE, "NdrFallbacks")).isEqualTo(fallbacksAfterOutage);
    }

    /**
     * SIGSTOP: Redis keeps every connection open and answers nothing. Each node pays one timeout,
     * then refuses its Redis calls at once for {@code redis.backOff} (counted), so a bounce whose
     * ledger look-ups would cost {@value #PROBE_RECIPIENTS} timeouts arrives after one at most.
     */
    @Test
    @Order(5)
    void redisHungUnderLoadCostsAMailAtMostOneTimeoutAndIsSharedAgainAfterSigcont(GuiceJamesServer nodeA) throws Exception {
        WebAdmin webAdminA = BounceguardJames.webAdmin(nodeA);
        WebAdmin webAdminB = BounceguardJames.webAdmin(nodeB);
        long deliveredBeforeA = delivered(BounceguardJames.imap(nodeA));
        long deliveredBeforeB = delivered(BounceguardJames.imap(nodeB));
        long addressErrorsBefore = webAdminA.size(ADDRESS_ERRORS) + webAdminB.size(ADDRESS_ERRORS);
        long fallbacksBefore = onBothNodes(SHARED_STATE, "NdrFallbacks");
        long ledgerFailuresBefore = onBothNodes(SHARED_STATE, "LedgerFailures");
        long refusedBefore = onBothNodes(SHARED_STATE, "RefusedWhileBackingOff");
        try (Jmx a = jmxA(); Jmx b = nodeB.jmx()) {
            assertThat((Boolean) a.attribute(SHARED_STATE, "Connected") && (Boolean) b.attribute(SHARED_STATE, "Connected")).isTrue();
        }

        int mailsPerNode = 300;
        AtomicInteger acceptedByA = new AtomicInteger();
        AtomicInteger acceptedByB = new AtomicInteger();
        CompletableFuture<SmtpLoad.Result> loadA = CompletableFuture.supplyAsync(() -> load(
            nodeA.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(), 73, mailsPerNode, acceptedByA));
        CompletableFuture<SmtpLoad.Result> loadB = CompletableFuture.supplyAsync(() -> load(nodeB.smtpPort(), 74, mailsPerNode, acceptedByB));
        await().atMost(Duration.ofMinutes(5)).until(() -> acceptedByA.get() + acceptedByB.get() >= 100);
        redis.hang();

        // while Redis hangs: NDR decisions, and bounces asking the ledger once per recipient, on both nodes
        mailsThatFailAfterAcceptance("gina@example.net", 4, "while redis hangs");
        List<String> probeRecipients = IntStream.range(0, PROBE_RECIPIENTS).mapToObj(TwoNodesOnRedisIT::probeUser).toList();
        List<Duration> probeTrips = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean onA = i % 2 == 0;
            String subject = "bounce to many while redis hangs " + i;
            long sent = System.nanoTime();
            SmtpClient.Outcome outcome = (onA ? BounceguardJames.smtp(nodeA) : nodeB.smtp())
                .send("127.1.1.1", "mx.remote.example", "", probeRecipients, bounceTo(probeRecipients, "<hung-" + i + "@bounceguard.test>", subject));
            assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
            awaitInboxOrBackscatter(onA ? BounceguardJames.imap(nodeA) : BounceguardJames.imap(nodeB), onA ? webAdminA : webAdminB, subject);
            probeTrips.add(Duration.ofNanos(System.nanoTime() - sent));
        }

        SmtpLoad.Result resultA = loadA.get();
        SmtpLoad.Result resultB = loadB.get();
        assertThat(resultA.failures()).isEmpty();
        assertThat(resultB.failures()).isEmpty();
        assertThat(resultA.accepted() + resultB.accepted()).isEqualTo(2 * mailsPerNode);
        // mail kept flowing while Redis hung: every accepted mail delivered, none in the error repository
        await().atMost(Duration.ofMinutes(5)).ignoreExceptions()
            .until(() -> delivered(BounceguardJames.imap(nodeA)) - deliveredBeforeA == resultA.accepted());
        await().atMost(Duration.ofMinutes(5)).ignoreExceptions()
            .until(() -> delivered(BounceguardJames.imap(nodeB)) - deliveredBeforeB == resultB.accepted());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> webAdminA.size(ADDRESS_ERRORS) + webAdminB.size(ADDRESS_ERRORS) == addressErrorsBefore + 4);
        assertThat(webAdminA.size(ERRORS)).isZero();
        assertThat(webAdminB.size(ERRORS)).isZero();

        // each bounce waited one timeout at most: 12 look-ups x 2 s would be 24 s
        System.out.println("Bounces to " + PROBE_RECIPIENTS + " recipients while Redis hung, SMTP end to arrival: " + probeTrips);
        assertThat(probeTrips).allSatisfy(trip -> assertThat(trip).isLessThan(REDIS_TIMEOUT.plus(DELIVERY_SLACK)));
        assertThat(onBothNodes(SHARED_STATE, "NdrFallbacks") - fallbacksBefore).isEqualTo(4);
        assertThat(onBothNodes(SHARED_STATE, "LedgerFailures") - ledgerFailuresBefore).isGreaterThanOrEqualTo(4L * PROBE_RECIPIENTS);
        for (Counters node : List.of(setUp.counters(), nodeB.counters())) {
            assertThat(node.value(SHARED_STATE, "BackOffs")).as("each node timed out and backed off").isPositive();
        }
        assertThat(onBothNodes(SHARED_STATE, "RefusedWhileBackingOff")
            - refusedBefore).as("the other look-ups did not ask the hung Redis").isGreaterThanOrEqualTo(4L * (PROBE_RECIPIENTS - 1));

        // SIGCONT: each node's own probe ends its back-off, and decisions are shared again
        redis.resume();
        try (Jmx a = jmxA(); Jmx b = nodeB.jmx()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.of(
                    "A backing off: " + a.attribute(SHARED_STATE, "BackingOff"), "B backing off: " + b.attribute(SHARED_STATE, "BackingOff"),
                    "A connected: " + a.attribute(SHARED_STATE, "Connected"), "B connected: " + b.attribute(SHARED_STATE, "Connected")))
                .containsExactly("A backing off: false", "B backing off: false", "A connected: true", "B connected: true"));
        }
        long fallbacksAfterHang = onBothNodes(SHARED_STATE, "NdrFallbacks");
        assertExactlyTheQuotaAcrossBothNodes("hank@example.net", 6, "after sigcont");
        assertThat(onBothNodes(SHARED_STATE, "NdrFallbacks")).isEqualTo(fallbacksAfterHang);
    }

    /** A remote server's DSN for a message it says we sent, addressed to several of our users. */
    private static String bounceTo(List<String> recipients, String originalMessageId, String subject) {
        return "From: MAILER-DAEMON@mx.remote.example\r\n"
            + "To: " + String.join(", ", recipients) + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nThe list's mailbox is full; giving up.\r\n"
            + "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; list@remote.example\r\nAction: failed\r\nStatus: 5.2.2\r\n"
            + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Message-ID: " + originalMessageId + "\r\n"
            + "From: " + ALICE + "\r\nTo: list@remote.example\r\nSubject: the original\r\n"
            + "--b1--\r\n";
    }

    /** Waits for the mail in the first probe user's INBOX or in the backscatter repository, wherever the node put it. */
    private static void awaitInboxOrBackscatter(Imap imap, WebAdmin webAdmin, String subject) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() ->
            imap.inbox(probeUser(0), ALICE_PASSWORD).stream().anyMatch(message -> subject.equals(message.subject()))
                || Mails.findBySubject(webAdmin.mails(BACKSCATTER), subject).isPresent());
    }

    private static SmtpLoad.Result load(int port, int addressPrefix, AtomicInteger accepted) {
        return load(port, addressPrefix, MAILS_PER_NODE, accepted);
    }

    private static SmtpLoad.Result load(int port, int addressPrefix, int mails, AtomicInteger accepted) {
        try {
            return new SmtpLoad("127.0.0.1", port).send(mails, 50, 4, addressPrefix, n -> user(n % USERS), "load", accepted);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long delivered(Imap imap) throws Exception {
        long total = 0;
        for (int user = 0; user < USERS; user++) {
            total += imap.count(user(user), ALICE_PASSWORD);
        }
        return total;
    }

    /** Bounces to alice: in her INBOX (accepted) or in the backscatter repository (quarantined). */
    private static long bouncesFor(GuiceJamesServer node, WebAdmin webAdmin) throws Exception {
        return bouncesFor(BounceguardJames.imap(node), webAdmin);
    }

    private static long bouncesFor(Imap imap, WebAdmin webAdmin) throws Exception {
        return imap.count(ALICE, ALICE_PASSWORD) + webAdmin.size(BACKSCATTER);
    }
}
