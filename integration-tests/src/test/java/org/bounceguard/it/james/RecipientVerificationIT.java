package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.LogWatch;
import org.bounceguard.it.support.Rcpt;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdminHttp;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recipient verification for relayed domains on the sample configuration, its commented example
 * turned on ({@code verify.domains} in bounceguard.properties, the relaying {@code RemoteDelivery}
 * of mailetcontainer.xml): James is the MX of {@code relayed.bounceguard.test} and relays it to a
 * real Postfix that refuses unknown users at RCPT. A second Postfix accepts every local part; a
 * third is stopped. Clients connect from addresses outside James's authorized network.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecipientVerificationIT {
    private static final String RELAYED = "relayed.bounceguard.test";
    private static final String ACCEPT_ALL = "catchall.relayed.test";
    private static final String DOWN = "down.relayed.test";
    private static final String CLIENT = "127.3.0.1";
    private static final String ATTACKER = "127.3.0.66";
    private static final int PROBES_PER_CLIENT = 10;

    static final int BACKEND_PORT = PostfixPeer.choosePort();
    static final PostfixPeer backend = new PostfixPeer(RELAYED).user("bob").user("dave").user("erin").refusesUnknownUsers().port(BACKEND_PORT);
    static final PostfixPeer acceptAllBackend = new PostfixPeer(ACCEPT_ALL).acceptsEveryLocalPart();
    static final PostfixPeer downBackend = new PostfixPeer(DOWN).user("frank").refusesUnknownUsers();

    static final List<String> LOG_LINES = new CopyOnWriteArrayList<>();
    static final LogWatch LOG = LogWatch.everyLine(LOG_LINES::add);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(Rbldnsd.withSampleZonesListingNothing())
        .part(backend)
        .part(acceptAllBackend)
        .part(downBackend)
        // the sample's commented example, turned on as its comments say (the backend's port is this test's)
        .confEdit("bounceguard.properties", "#verify.domains=relayed.bounceguard.test=127.0.0.1:2527\nverify.domains=",
            "verify.domains=relayed.bounceguard.test=127.0.0.1:" + BACKEND_PORT)
        .confEdit("mailetcontainer.xml", "Example, tested by RecipientVerificationIT (one such mailet per backend):",
            "Example, tested by RecipientVerificationIT (one such mailet per backend): -->")
        .confEdit("mailetcontainer.xml", "<bounceProcessor>bounces</bounceProcessor>\n            </mailet>\n            -->",
            "<bounceProcessor>bounces</bounceProcessor>\n            </mailet>")
        .confEdit("mailetcontainer.xml", "<gateway>127.0.0.1:2527</gateway>", "<gateway>127.0.0.1:" + BACKEND_PORT + "</gateway>")
        // the two other backends join the example's domain (read when James is laid out, after they started)
        .settings(() -> java.util.Map.of("verify.domains", RELAYED + "=127.0.0.1:" + BACKEND_PORT
            + ", " + ACCEPT_ALL + "=" + acceptAllBackend.gateway() + ", " + DOWN + "=" + downBackend.gateway()))
        .setting("verify.perClient.probes", Integer.toString(PROBES_PER_CLIENT))
        .setting("verify.timeout", "2s")
        .setting("verify.breaker.failures", "2")
        .build();

    private static Rcpt.Reply rcpt(GuiceJamesServer server, String client, String sender, String recipient) throws IOException {
        return Rcpt.to(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(), client, sender, recipient);
    }

    private static long counter(String attribute) throws Exception {
        return setUp.counters().value(Counters.RECIPIENT_VERIFICATION, attribute);
    }

    @Test
    @Order(1)
    void anUnknownUserIsRefusedAtRcptWithTheBackendsAnswer(GuiceJamesServer server) throws Exception {
        Rcpt.Reply reply = rcpt(server, CLIENT, "someone@sender.example", "nobody@" + RELAYED);
        assertThat(reply.code()).as(reply.text()).isEqualTo(550);
        assertThat(reply.text()).startsWith("550 5.1.1").contains("User unknown in local recipient table").doesNotContain("\n");
        // the refusal came from the backend itself
        backend.awaitLogLine("reject: RCPT", "nobody@" + RELAYED);
    }

    @Test
    @Order(2)
    void aKnownUsersMailReachesTheBackendsMailbox(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send(CLIENT, "client.example", "someone@sender.example",
            "bob@" + RELAYED, TestMail.message("someone@sender.example", "bob@" + RELAYED, "relayed to bob"));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        assertThat(backend.awaitInMailbox("bob", message -> message.contains("Subject: relayed to bob"))).contains("Hello from relayed to bob");
    }

    @Test
    @Order(3)
    void aSecondRcptForTheSameAddressMakesNoProbe(GuiceJamesServer server) throws Exception {
        assertThat(rcpt(server, CLIENT, "someone@sender.example", "dave@" + RELAYED).code()).isEqualTo(250);
        long probes = counter("Probes");
        long hits = counter("CacheHits");
        assertThat(rcpt(server, CLIENT, "other@sender.example", "Dave@" + RELAYED).code()).isEqualTo(250);
        assertThat(rcpt(server, CLIENT, "someone@sender.example", "nobody@" + RELAYED).code()).isEqualTo(550);
        assertThat(counter("Probes")).isEqualTo(probes);
        assertThat(counter("CacheHits")).isEqualTo(hits + 2);
    }

    @Test
    @Order(4)
    void postmasterIsAcceptedUnverified(GuiceJamesServer server) throws Exception {
        long probes = counter("Probes");
        assertThat(rcpt(server, CLIENT, "", "postmaster@" + DOWN).code()).isEqualTo(250);
        assertThat(counter("Probes")).isEqualTo(probes);
    }

    @Test
    @Order(5)
    void anAcceptAllBackendIsDetectedAndCounted(GuiceJamesServer server) throws Exception {
        long acceptedUnverified = counter("AcceptedAcceptAll");
        assertThat(rcpt(server, CLIENT, "someone@sender.example", "whoever@" + ACCEPT_ALL).code()).isEqualTo(250);
        assertThat(rcpt(server, CLIENT, "someone@sender.example", "whatever@" + ACCEPT_ALL).code()).isEqualTo(250);
        assertThat(counter("AcceptAllDomains")).isEqualTo(1);
        assertThat(counter("AcceptedAcceptAll")).isEqualTo(acceptedUnverified + 2);
        // one WARN, naming the backend
        assertThat(LOG_LINES.stream().filter(line -> line.contains("accepts every local part"))).singleElement()
            .satisfies(line -> assertThat(line).contains(acceptAllBackend.gateway(), ACCEPT_ALL));
    }

    @Test
    @Order(6)
    void aDictionaryAttackRunsOutOfProbesWhileALegitimateClientStillGetsThrough(GuiceJamesServer server) throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            codes.add(rcpt(server, ATTACKER, "forged" + i + "@victim.example", "guess" + i + "@" + RELAYED).code());
        }
        assertThat(codes.subList(0, PROBES_PER_CLIENT)).containsOnly(550);
        assertThat(codes.subList(PROBES_PER_CLIENT, codes.size())).containsOnly(450);
        assertThat(backend.log().lines().filter(line -> line.contains("reject: RCPT") && line.contains("guess"))).hasSize(PROBES_PER_CLIENT);
        assertThat(rcpt(server, CLIENT, "someone@sender.example", "erin@" + RELAYED).code()).isEqualTo(250);
    }

    @Test
    @Order(7)
    void withTheBackendStoppedRecipientsAreDeferredAndNoMailIsAccepted(GuiceJamesServer server) throws Exception {
        downBackend.stop();
        try {
            withTheBackendStopped(server);
        } finally {
            downBackend.restart();
        }
    }

    private static void withTheBackendStopped(GuiceJamesServer server) throws Exception {
        long deferred = counter("Deferred");
        long accepted = counter("Accepted");
        Rcpt.Reply reply = rcpt(server, CLIENT, "someone@sender.example", "frank@" + DOWN);
        assertThat(reply.code()).as(reply.text()).isEqualTo(450);
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send(CLIENT, "client.example", "someone@sender.example",
            "frank@" + DOWN, TestMail.message("someone@sender.example", "frank@" + DOWN, "while down"));
        assertThat(outcome.code()).as(outcome.reply()).isEqualTo(450);
        assertThat(counter("Deferred")).isEqualTo(deferred + 2);
        assertThat(counter("Accepted")).as("nothing accepted for the domain").isEqualTo(accepted);

        // two failures in a row opened the breaker: the next recipient is deferred without a probe
        assertThat(counter("OpenBreakers")).isEqualTo(1);
        long probes = counter("Probes");
        assertThat(rcpt(server, CLIENT, "someone@sender.example", "george@" + DOWN).code()).isEqualTo(450);
        assertThat(counter("Probes")).isEqualTo(probes);
    }

    @Test
    @Order(8)
    void anOperatorLooksUpAndForgetsOneAddressOverWebAdminAndItsNextRcptProbesAgain(GuiceJamesServer server) throws Exception {
        WebAdminHttp webAdmin = new WebAdminHttp(server);
        WebAdminHttp.Answer remembered = webAdmin.get("/bounceguard/verify/nobody@" + RELAYED);
        assertThat(remembered.status()).as(remembered.body()).isEqualTo(200);
        assertThat(remembered.json().get("verdict").asText()).isEqualTo("refused");
        assertThat(remembered.json().get("text").asText()).contains("User unknown");
        assertThat(webAdmin.get("/bounceguard/verify/dave@" + RELAYED).json().get("verdict").asText()).isEqualTo("accepted");
        assertThat(webAdmin.get("/bounceguard/verify/never-asked@" + RELAYED).status()).isEqualTo(404);
        assertThat(webAdmin.get("/bounceguard/verify/bob@elsewhere.example").status()).isEqualTo(400);

        assertThat(webAdmin.delete("/bounceguard/verify/Dave@" + RELAYED).status()).isEqualTo(204);
        assertThat(webAdmin.get("/bounceguard/verify/dave@" + RELAYED).status()).isEqualTo(404);
        assertThat(webAdmin.delete("/bounceguard/verify/dave@" + RELAYED).status()).isEqualTo(404);
        long probes = counter("Probes");
        assertThat(rcpt(server, CLIENT, "someone@sender.example", "dave@" + RELAYED).code()).isEqualTo(250);
        assertThat(counter("Probes")).isEqualTo(probes + 1);

        WebAdminHttp.Answer state = webAdmin.get("/bounceguard/verify");
        assertThat(state.json().get("breakers").get(downBackend.gateway()).asText()).isIn("OPEN", "HALF_OPEN");
        assertThat(state.json().get("acceptAllDomains").asLong()).isEqualTo(1);
        assertThat(setUp.counters().metrics()).contains("bounceguard_verify_probes", "bounceguard_verify_open_breakers");
    }
}
