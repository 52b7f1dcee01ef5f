package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.testsupport.Dsns.acceptThenCheck;
import static org.bounceguard.testsupport.Dsns.assertWellFormed;
import static org.bounceguard.testsupport.Dsns.awaitControlNdr;
import static org.bounceguard.testsupport.TestMail.send;

import java.time.Duration;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sample configuration's guarded bounces: no NDR to a dubious source on the paths where
 * James bounces after accepting a mail, a well-formed DSN to a clean one, and a per-destination
 * rate limit. "The Internet" is a real SMTP server on loopback behind RemoteDelivery's gateway;
 * rbldnsd serves the DNSBL zones and the senders' MX records.
 */
class NdrSuppressionIT {

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        // score 2: below the quarantine threshold (3), above the NDR guard's (1)
        .listing("bl.spamcop.net", "127.2.0.1")
        .zone("example.net", "generic", "@ MX 10 mx.example.net.", "mx A 192.0.2.25");

    static final RemoteMta remoteMta = new RemoteMta();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .setting("ndr.rateLimit.perAddress", "2")
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).addAddressMapping("fwd", BounceguardJames.DOMAIN, "reject-forwarded@remote.example");
    }

    private static long suppressedFor(String reason) throws Exception {
        return setUp.counters().ndrsSuppressedFor(reason);
    }

    private static List<RemoteMta.Captured> capturedFor(String recipient) throws Exception {
        return remoteMta.messagesTo(recipient);
    }

    @Test
    void unknownLocalUserFromADubiousSourceGetsNoNdr(GuiceJamesServer server) throws Exception {
        long before = suppressedFor("dnsbl-listed");
        send(acceptThenCheck(), "127.2.0.1", "bob@example.net", "nobody@bounceguard.test", "to an unknown user from a listed client");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> suppressedFor("dnsbl-listed") > before);
        // nothing lost: the failed mail itself is kept in the address-error repository
        Mails.awaitInRepository(server, "memory://var/mail/address-error/", "to an unknown user from a listed client");
        awaitControlNdr(remoteMta, "example.net");
        assertThat(capturedFor("bob@example.net")).isEmpty();
    }

    @Test
    void unknownLocalUserFromACleanSourceGetsAWellFormedDsn() throws Exception {
        send(acceptThenCheck(), "127.1.1.1", "carol@example.net", "nobody2@bounceguard.test", "to an unknown user from a clean client");

        RemoteMta.Captured ndr = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> capturedFor("carol@example.net"), list -> !list.isEmpty()).get(0);
        assertThat(ndr.mailFrom()).as("an NDR has a null reverse path").isEmpty();
        assertWellFormed(ndr.raw(), "nobody2@bounceguard.test", TestMail.messageId("to an unknown user from a clean client"));
    }

    @Test
    void remoteDeliveryFailureOfALocalUsersMailReachesHerAsADsn(GuiceJamesServer server) throws Exception {
        // 127.0.0.1 is an authorized address in conf/smtpserver.xml: alice relays from it
        String subject = "to a remote user who does not exist";
        send(BounceguardJames.smtp(server), "127.0.0.1", ALICE, "reject-me@remote.example", subject);

        String dsn = Mails.awaitDsnInInbox(server, ALICE, ALICE_PASSWORD, "reject-me@remote.example", TestMail.messageId(subject));
        assertWellFormed(dsn, "reject-me@remote.example");
    }

    @Test
    void forwardThatFailsRemotelyDoesNotBounceToADubiousSource() throws Exception {
        long before = suppressedFor("dnsbl-listed");
        send(acceptThenCheck(), "127.2.0.1", "mallory@example.net", "fwd@bounceguard.test", "forwarded then rejected");

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> suppressedFor("dnsbl-listed") > before);
        awaitControlNdr(remoteMta, "example.net");
        assertThat(capturedFor("mallory@example.net")).isEmpty();
    }

    /**
     * James refuses unauthenticated relaying at RCPT (its core SMTP chain always has
     * AuthRequiredToRelayRcptHook), so mail reaches relay-denied only by other ways in, such as an
     * operator reprocessing stored mail there through WebAdmin - which is what this test does. The
     * clean mail was bounced once already, on its way into the repository: reprocessing it sends
     * no second NDR.
     */
    @Test
    void relayDeniedPathSuppressesForADubiousSourceAndReprocessingNeverBouncesTwice(GuiceJamesServer server) throws Exception {
        String addressErrors = "memory://var/mail/address-error/";
        send(acceptThenCheck(), "127.2.0.1", "frank@example.net", "nobody-r1@bounceguard.test", "relay path from a listed client");
        send(acceptThenCheck(), "127.1.1.1", "erin@example.net", "nobody-r2@bounceguard.test", "relay path from a clean client");
        JsonNode dubious = Mails.awaitInRepository(server, addressErrors, "relay path from a listed client");
        JsonNode clean = Mails.awaitInRepository(server, addressErrors, "relay path from a clean client");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> capturedFor("erin@example.net").size() == 1);
        assertWellFormed(capturedFor("erin@example.net").get(0).raw(), "nobody-r2@bounceguard.test",
            TestMail.messageId("relay path from a clean client"));
        long suppressedBefore = suppressedFor("dnsbl-listed");
        long answeredBefore = suppressedFor("already-answered");

        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        webAdmin.reprocess(addressErrors, dubious.path("name").asText(), "relay-denied");
        webAdmin.reprocess(addressErrors, clean.path("name").asText(), "relay-denied");

        Mails.awaitInRepository(server, "memory://var/mail/relay-denied/", "relay path from a listed client");
        Mails.awaitInRepository(server, "memory://var/mail/relay-denied/", "relay path from a clean client");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> suppressedFor("already-answered") > answeredBefore);
        assertThat(suppressedFor("dnsbl-listed")).isGreaterThan(suppressedBefore);
        assertThat(capturedFor("frank@example.net")).isEmpty();
        assertThat(capturedFor("erin@example.net")).as("no second NDR for a reprocessed mail").hasSize(1);
    }

    @Test
    void rateLimitLetsExactlyNNdrsThroughToOneAddress() throws Exception {
        long rateLimitedBefore = suppressedFor("rate-limited");
        for (int i = 1; i <= 3; i++) {
            send(acceptThenCheck(), "127.1.1.3", "dave@example.net", "nobody-" + i + "@bounceguard.test", "rate limited " + i);
        }

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> suppressedFor("rate-limited") > rateLimitedBefore);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> capturedFor("dave@example.net").size() >= 2);
        awaitControlNdr(remoteMta, "example.net");
        assertThat(capturedFor("dave@example.net")).hasSize(2);
        assertThat(suppressedFor("rate-limited")).isEqualTo(rateLimitedBefore + 1);
    }

}
