package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;

import java.time.Duration;
import java.time.LocalDate;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BatvTags;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Bounceguard counter, moved by real mail in a real James and read back the way an operator
 * does: a JMX RMI client with the credentials James generated. Also the MBean operations.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {
    private static final String ENGINE = "org.bounceguard:type=DnsblEngine";
    private static final String ZEN = "org.bounceguard:type=DnsblZone,name=zen.spamhaus.org";
    private static final String SPAMCOP = "org.bounceguard:type=DnsblZone,name=bl.spamcop.net";
    private static final String BARRACUDA = "org.bounceguard:type=DnsblZone,name=b.barracudacentral.org";
    private static final String NDR = "org.bounceguard:type=NdrSuppression";
    private static final String BACKSCATTER = "org.bounceguard:type=Backscatter";
    private static final String[] STRING = {String.class.getName()};

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .listing("zen.spamhaus.org", "127.1.2.3")
        // 127.6.0.1: a listing of weight 2 (delivered, but never bounced to); 127.5.0.1: the list refuses
        .listing("bl.spamcop.net", "127.6.0.1", "127.5.0.1 :127.255.255.254:Query refused")
        // a wildcard list, which the health check disables
        .listing("b.barracudacentral.org", "0.0.0.0/1 :127.0.0.2:Wildcard", "128.0.0.0/1 :127.0.0.2:Wildcard")
        .zone("example.net", "generic", "@ MX 10 mx.example.net.", "mx A 192.0.2.25");

    static final RemoteMta remoteMta = new RemoteMta();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .setting("dnsbl.health.refusalsToDisable", "100")
        .setting("ndr.rateLimit.perAddress", "1")
        // a short deadline makes a dead DNS server show as timeouts
        .setting("dnsbl.deadline", "400ms")
        .setting("dns.queryTimeout", "2s")
        .build();

    private static void send(SmtpClient smtp, String client, String sender, String recipient, String subject) throws Exception {
        SmtpClient.Outcome outcome = smtp.send(client, "client.example", sender, recipient, TestMail.message(
            sender.isEmpty() ? "MAILER-DAEMON@remote.example" : sender, recipient, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    private static Jmx jmx() throws Exception {
        return Jmx.connect(BounceguardJames.workingDirectory());
    }

    private static long counter(String mbean, String attribute) throws Exception {
        return setUp.counters().value(mbean, attribute);
    }

    private static long byReason(String mbean, String operation, String reason) throws Exception {
        return setUp.counters().byKey(mbean, operation, reason);
    }

    @Test
    @Order(1)
    void dnsblZoneAndEngineCounters(GuiceJamesServer server) throws Exception {
        SmtpClient smtp = BounceguardJames.smtp(server);
        send(smtp, "127.1.2.3", "bob@example.com", ALICE, "listed once");
        send(smtp, "127.1.2.3", "bob@example.com", ALICE, "listed twice");
        send(smtp, "127.5.0.1", "bob@example.com", ALICE, "from a client the list refuses to judge");
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "listed twice");
        Mails.awaitInInbox(server, ALICE, BounceguardJames.ALICE_PASSWORD, "from a client the list refuses to judge");

        try (Jmx jmx = jmx()) {
            assertThat(setUp.counters().value(ZEN, "Queries")).isGreaterThanOrEqualTo(2);
            assertThat(setUp.counters().value(ZEN, "Listed")).isGreaterThanOrEqualTo(2);
            assertThat((Double) jmx.attribute(ZEN, "LatencyP50Millis")).isPositive();
            assertThat((Double) jmx.attribute(ZEN, "LatencyP95Millis")).isPositive();
            assertThat((Double) jmx.attribute(ZEN, "LatencyP99Millis")).isPositive();
            assertThat((String) jmx.attribute(ZEN, "LastProbe")).isNotEmpty();
            assertThat((String) jmx.attribute(ZEN, "LastProbeResult")).contains("healthy");
            assertThat(setUp.counters().value(SPAMCOP, "Refusals")).isPositive();
            assertThat(setUp.counters().value(SPAMCOP, "Errors")).isPositive();
            assertThat((Boolean) jmx.attribute(BARRACUDA, "Enabled")).isFalse();
            assertThat((String) jmx.attribute(BARRACUDA, "DisabledReason")).contains("127.0.0.1");
            assertThat(setUp.counters().value(ENGINE, "CacheSize")).isPositive();
            assertThat(setUp.counters().value(ENGINE, "CacheHits")).isPositive();
            assertThat(setUp.counters().value(ENGINE, "CacheMisses")).isPositive();
            assertThat((Double) jmx.attribute(ENGINE, "CacheHitRatio")).isBetween(0.01, 0.99);
            assertThat((String[]) jmx.attribute(ENGINE, "Zones")).contains("zen.spamhaus.org", "ips.backscatterer.org");
        }
    }

    @Test
    @Order(2)
    void dnsblOperations() throws Exception {
        try (Jmx jmx = jmx()) {
            assertThat((String) jmx.invoke(ENGINE, "lookup", new Object[] {"127.1.2.3"}, STRING)).contains("zen.spamhaus.org:127.0.0.2");
            assertThat((String) jmx.invoke(ENGINE, "lookup", new Object[] {"not-an-ip"}, STRING)).contains("not an IP address");

            jmx.invoke(ENGINE, "flushCache", new Object[0], new String[0]);
            assertThat(setUp.counters().value(ENGINE, "CacheSize")).isZero();

            jmx.invoke(ZEN, "disable", new Object[] {"maintenance window"}, STRING);
            assertThat((Boolean) jmx.attribute(ZEN, "Enabled")).isFalse();
            assertThat((String) jmx.attribute(ZEN, "DisabledReason")).isEqualTo("maintenance window");
            assertThat((String) jmx.invoke(ENGINE, "lookup", new Object[] {"127.1.2.3"}, STRING)).contains("zen.spamhaus.org:DISABLED");
            jmx.invoke(ZEN, "enable", new Object[0], new String[0]);
            assertThat((Boolean) jmx.attribute(ZEN, "Enabled")).isTrue();

            assertThat((String) jmx.invoke(ZEN, "probe", new Object[0], new String[0])).contains("enabled").contains("healthy");
            assertThat((String) jmx.invoke(BARRACUDA, "probe", new Object[0], new String[0])).contains("disabled");
        }
    }

    @Test
    @Order(3)
    void ndrSuppressionCounters(GuiceJamesServer server) throws Exception {
        SmtpClient acceptThenCheck = new SmtpClient("127.0.0.1", 2526);
        long sent = counter(NDR, "NdrsSent");
        long suppressed = counter(NDR, "NdrsSuppressed");
        long listed = byReason(NDR, "suppressedFor", "dnsbl-listed");
        long rateLimited = counter(NDR, "RateLimited");

        send(acceptThenCheck, "127.1.1.1", "carol@example.net", "nobody-m1@bounceguard.test", "clean failure one");
        send(acceptThenCheck, "127.1.1.1", "carol@example.net", "nobody-m2@bounceguard.test", "clean failure two");
        send(acceptThenCheck, "127.6.0.1", "mallory@example.net", "nobody-m3@bounceguard.test", "listed failure");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(counter(NDR, "NdrsSent")).isEqualTo(sent + 1);
            assertThat(counter(NDR, "RateLimited")).isEqualTo(rateLimited + 1);
            assertThat(byReason(NDR, "suppressedFor", "dnsbl-listed")).isEqualTo(listed + 1);
            assertThat(counter(NDR, "NdrsSuppressed")).isEqualTo(suppressed + 2);
        });
        try (Jmx jmx = jmx()) {
            assertThat(jmx.attribute(NDR, "SuppressedByReason").toString()).contains("dnsbl-listed").contains("rate-limited");
        }
    }

    @Test
    @Order(4)
    void backscatterAndBatvCounters(GuiceJamesServer server) throws Exception {
        SmtpClient smtp = BounceguardJames.smtp(server);
        long signed = counter(BACKSCATTER, "BatvSigned");
        send(smtp, "127.0.0.1", ALICE, "bob@remote.example", "signed on the way out");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> counter(BACKSCATTER, "BatvSigned") > signed);

        long seen = counter(BACKSCATTER, "BouncesSeen");
        long accepted = counter(BACKSCATTER, "BouncesAccepted");
        long quarantined = counter(BACKSCATTER, "Quarantined");
        long verified = counter(BACKSCATTER, "BatvVerified");
        long failed = counter(BACKSCATTER, "BatvFailed");
        LocalDate nextWeek = BatvTags.today().plusDays(7);
        send(smtp, "127.1.1.1", "", BatvTags.tag(1, "integration-test-key-one", nextWeek, ALICE), "a genuine bounce");
        send(smtp, "127.1.1.1", "", BatvTags.tag(1, "not-our-key-at-all-really", nextWeek, ALICE), "a bounce with a forged tag");
        send(smtp, "127.1.1.1", "", ALICE, "a bounce without a tag");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(counter(BACKSCATTER, "BouncesSeen")).isEqualTo(seen + 3);
            assertThat(counter(BACKSCATTER, "BouncesAccepted")).isEqualTo(accepted + 1);
            assertThat(counter(BACKSCATTER, "Quarantined")).isEqualTo(quarantined + 2);
            assertThat(counter(BACKSCATTER, "BatvVerified")).isEqualTo(verified + 1);
            assertThat(counter(BACKSCATTER, "BatvFailed")).isEqualTo(failed + 1);
        });
        assertThat(byReason(BACKSCATTER, "quarantinedFor", "batv-missing")).isPositive();
        assertThat(byReason(BACKSCATTER, "quarantinedFor", "batv-invalid")).isPositive();
        try (Jmx jmx = jmx()) {
            assertThat(jmx.attribute(BACKSCATTER, "QuarantinedByReason").toString()).contains("batv-missing");
        }
    }

    @Test
    @Order(5)
    void aHungDnsServerShowsAsTimeoutsAndInFlightLookupsAndMailStillFlows(GuiceJamesServer server) throws Exception {
        long timeouts = counter(ZEN, "Timeouts");
        rbldnsd.freeze();
        try {
            send(BounceguardJames.smtp(server), "127.7.0.1", "bob@example.com", ALICE, "while DNS hangs");
            Mails.awaitInInbox(server, ALICE, BounceguardJames.ALICE_PASSWORD, "while DNS hangs");
            assertThat(counter(ZEN, "Timeouts")).isGreaterThan(timeouts);
            try (Jmx jmx = jmx()) {
                // the verdict gives up at the deadline (400 ms); its queries wait for their own timeout (2 s)
                assertThat((String) jmx.invoke(ENGINE, "lookup", new Object[] {"127.7.0.2"}, STRING)).contains("TIMEOUT");
                assertThat(setUp.counters().value(ENGINE, "InFlightLookups")).isPositive();
            }
        } finally {
            rbldnsd.thaw();
        }
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> counter(ENGINE, "InFlightLookups") == 0);
    }
}
