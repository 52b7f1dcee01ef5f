package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.Mails.SPAM_REPOSITORY;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sample configuration's DNSBL routing, end to end: rbldnsd serves the five zones that
 * conf/mailetcontainer.xml names (threshold 3: zen*3, spamcop*2, barracuda*2, dnswl*-5,
 * backscatterer*3 in safe mode), clients connect from distinct 127.x addresses.
 */
class DnsblRoutingIT {
    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .listing("zen.spamhaus.org", "127.1.2.3", "127.2.0.4")
        .listing("bl.spamcop.net", "127.2.0.1", "127.2.0.3")
        .listing("b.barracudacentral.org", "127.2.0.2", "127.2.0.3")
        .listing("list.dnswl.org", "127.2.0.4")
        .listing("ips.backscatterer.org", "127.3.0.1");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd).build();

    private static SmtpClient.Outcome send(GuiceJamesServer server, String client, String sender, String subject) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send(client, "client.example", sender, ALICE,
            TestMail.message(sender.isEmpty() ? "MAILER-DAEMON@remote.example" : sender, ALICE, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        return outcome;
    }

    @Test
    void mailFromListedClientIsQuarantinedWithItsVerdict(GuiceJamesServer server) throws Exception {
        send(server, "127.1.2.3", "bob@example.com", "from a zen-listed client");

        JsonNode stored = Mails.awaitInRepository(server, SPAM_REPOSITORY, "from a zen-listed client");
        assertThat(stored.path("remoteAddr").asText()).isEqualTo("127.1.2.3");
        assertThat(stored.path("attributes").toString())
            .contains("bounceguard.dnsbl.score")
            // listed: zone -> the return codes it answered
            .contains("\"bounceguard.dnsbl.listed\":\"{zen.spamhaus.org=").contains("127.0.0.2")
            .contains("Listed by test-zen");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Dnsbl")).contains("client=127.1.2.3").contains("score=3");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "from a zen-listed client");
    }

    @Test
    void zoneCountersAndTheLookupOperationAreVisibleOverJmx(GuiceJamesServer server) throws Exception {
        send(server, "127.1.2.3", "bob@example.com", "jmx counter probe");
        Mails.awaitInRepository(server, SPAM_REPOSITORY, "jmx counter probe");

        try (Jmx jmx = Jmx.connect(BounceguardJames.workingDirectory())) {
            String zen = "org.bounceguard:type=DnsblZone,name=zen.spamhaus.org";
            assertThat(setUp.counters().value(zen, "Queries")).isPositive();
            assertThat(setUp.counters().value(zen, "Listed")).isPositive();
            assertThat((Boolean) jmx.attribute(zen, "Enabled")).isTrue();
            assertThat(jmx.isRegistered("org.bounceguard:type=DnsblZone,name=ips.backscatterer.org")).isTrue();

            String engine = "org.bounceguard:type=DnsblEngine";
            assertThat(setUp.counters().value(engine, "CacheSize")).isPositive();
            assertThat((String) jmx.invoke(engine, "lookup", new Object[] {"127.1.2.3"}, new String[] {String.class.getName()}))
                .contains("zen.spamhaus.org");
        }

        // the same counters as James metrics (WebAdmin's Prometheus endpoint, conf/webadmin.properties)
        String metrics = setUp.counters().metrics();
        assertThat(metrics).containsPattern("(?m)^bounceguard_dnsbl_zone_zen_spamhaus_org_queries [1-9]")
            .containsPattern("(?m)^bounceguard_dnsbl_zone_zen_spamhaus_org_listed [1-9]")
            .containsPattern("(?m)^bounceguard_dnsbl_cache_size [1-9]");
    }

    @Test
    void mailFromUnlistedClientIsDelivered(GuiceJamesServer server) throws Exception {
        send(server, "127.1.1.1", "bob@example.com", "from a clean client");

        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "from a clean client");
        assertThat(delivered.header("X-Bounceguard-Dnsbl")).contains("client=127.1.1.1").contains("score=0");
    }

    @Test
    void oneWeightedListAloneStaysBelowTheThreshold(GuiceJamesServer server) throws Exception {
        send(server, "127.2.0.1", "bob@example.com", "spamcop only");
        send(server, "127.2.0.2", "bob@example.com", "barracuda only");

        assertThat(Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "spamcop only").header("X-Bounceguard-Dnsbl"))
            .contains("score=2").contains("bl.spamcop.net");
        assertThat(Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "barracuda only").header("X-Bounceguard-Dnsbl"))
            .contains("score=2").contains("b.barracudacentral.org");
    }

    @Test
    void twoWeightedListsTogetherCrossTheThreshold(GuiceJamesServer server) throws Exception {
        send(server, "127.2.0.3", "bob@example.com", "spamcop and barracuda");

        JsonNode stored = Mails.awaitInRepository(server, SPAM_REPOSITORY, "spamcop and barracuda");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Dnsbl")).contains("score=4");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "spamcop and barracuda");
    }

    @Test
    void allowlistCancelsAListing(GuiceJamesServer server) throws Exception {
        send(server, "127.2.0.4", "bob@example.com", "zen listed but dnswl allowlisted");

        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "zen listed but dnswl allowlisted");
        assertThat(delivered.header("X-Bounceguard-Dnsbl")).contains("score=-2").contains("list.dnswl.org");
    }

    @Test
    void safeModeZoneJudgesOnlyBounces(GuiceJamesServer server) throws Exception {
        send(server, "127.3.0.1", "carol@example.com", "ordinary mail from a backscatter source");
        send(server, "127.3.0.1", "", "bounce from a backscatter source");

        Imap.Delivered ordinary = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "ordinary mail from a backscatter source");
        assertThat(ordinary.header("X-Bounceguard-Dnsbl")).contains("score=0").doesNotContain("ips.backscatterer.org");

        // quarantined as backscatter, with the safe-mode listing among its reasons; it never adds to the score
        JsonNode bounce = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "bounce from a backscatter source");
        assertThat(Mails.headerValue(bounce, "X-Bounceguard-Dnsbl")).contains("score=0").contains("safe=ips.backscatterer.org:127.0.0.2");
        assertThat(Mails.headerValue(bounce, "X-Bounceguard-Backscatter")).contains("backscatterer-listed");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "bounce from a backscatter source");
    }

    /**
     * conf/smtpserver.xml wires DnsblPrefetchHandler as a connect handler: the client's look-ups
     * start when it connects - before it says anything - and the client sees James's greeting and
     * nothing else.
     */
    @Test
    void lookupsStartWhenTheClientConnectsAndTheDialogueIsUntouched() throws Exception {
        String engine = "org.bounceguard:type=DnsblEngine";
        long missesBefore;
        missesBefore = setUp.counters().value(engine, "CacheMisses");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.4.5.6"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", 2525), 5000);
            socket.setSoTimeout(10_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).startsWith("220 ");

            // four client-IP zones are not in safe mode: four look-ups, while the client is silent
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                return setUp.counters().value(engine, "CacheMisses") >= missesBefore + 4;
            });

            OutputStream out = socket.getOutputStream();
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(reader.readLine()).as("the first line after the greeting answers EHLO").startsWith("250");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
