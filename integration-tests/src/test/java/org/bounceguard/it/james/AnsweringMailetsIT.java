package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
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
 * The sample's answering mailets - alice's out-of-office reply and her Sieve script, both set
 * through WebAdmin as a user's client would - behind {@code Guarded}: a mail from a dubious source
 * (a client listed only in the weight-2 zone, so it is delivered) gets no answer at the remote
 * domain, a real Postfix, and the reason is counted; a clean one gets its answer. Each "no answer"
 * is checked only after a clean control mail sent later has had its answer delivered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnsweringMailetsIT {
    /** Listed by bl.spamcop.net only (weight 2): under the quarantine threshold, over the guard's. */
    private static final String DUBIOUS_CLIENT = "127.2.0.1";
    private static final String CLEAN_CLIENT = "127.1.1.1";
    private static final String REMOTE = "remote.test";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("bl.spamcop.net", "ip4set", DUBIOUS_CLIENT)
        // the guard asks whether the answer's domain can receive mail
        .zone(REMOTE, "generic", "@ MX 10 mx." + REMOTE + ".", "mx A 127.0.0.1");

    /** The remote domain, started before James: RemoteDelivery's gateway must be known when James lays out its conf. */
    static final PostfixPeer remote = new PostfixPeer(REMOTE)
        .user("mallory").user("carol").user("victim").user("mallory2").user("dave");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(remote)
        .gateway(remote::gateway)
        .build();

    @Test
    @Order(1)
    void noVacationReplyToADubiousSourceAndOneToACleanSource(GuiceJamesServer server) throws Exception {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        webAdmin.enableVacation(ALICE, "Alice is away", "Back on Monday.");
        long ndrCounterBefore = ndrSuppressedFor("dnsbl-listed");
        long vacationCounterBefore = answersSuppressedFor("VacationMailet", "dnsbl-listed");

        send(server, DUBIOUS_CLIENT, "mallory@" + REMOTE, "mallory@" + REMOTE, "vacation test, dubious source");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> answersSuppressedFor("VacationMailet", "dnsbl-listed") > vacationCounterBefore);
        send(server, CLEAN_CLIENT, "carol@" + REMOTE, "carol@" + REMOTE, "vacation test, clean source");

        String reply = remote.awaitInMailbox("carol", message -> message.contains("Alice is away"));
        assertThat(reply).contains("Back on Monday.");
        assertThat(headerBlock(reply)).as("the reply is not judged as a client's mail, and no Bounceguard header leaves")
            .doesNotContainIgnoringCase("X-Bounceguard");
        assertThat(remote.log()).contains("from=<>");
        assertThat(remote.mailbox("mallory")).as("no out-of-office reply to the dubious source").isEmpty();
        assertThat(ndrSuppressedFor("dnsbl-listed")).isGreaterThan(ndrCounterBefore);
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "vacation test, dubious source");
        webAdmin.disableVacation(ALICE);
    }

    @Test
    @Order(2)
    void noSieveRejectionToADubiousSourceWhileItsFileintoStillFilesAndARejectionToACleanSource(GuiceJamesServer server) throws Exception {
        BounceguardJames.webAdmin(server).activateSieveScript(ALICE, "guarded",
            "require [\"fileinto\", \"reject\"];\n"
                + "if header :contains \"Subject\" \"file me\" {\n"
                + "    fileinto \"Filed\";\n"
                + "} else {\n"
                + "    reject \"Alice does not accept mail here.\";\n"
                + "}\n");
        long sieveCounterBefore = answersSuppressedFor("Sieve", "dnsbl-listed");

        // Sieve answers the header address: the forged From: names an innocent victim
        send(server, DUBIOUS_CLIENT, "mallory2@" + REMOTE, "victim@" + REMOTE, "sieve test, dubious source");
        send(server, DUBIOUS_CLIENT, "mallory2@" + REMOTE, "victim@" + REMOTE, "sieve test, dubious source, please file me");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> answersSuppressedFor("Sieve", "dnsbl-listed") > sieveCounterBefore);
        send(server, CLEAN_CLIENT, "dave@" + REMOTE, "dave@" + REMOTE, "sieve test, clean source");

        String rejection = remote.awaitInMailbox("dave", message -> message.contains("Alice does not accept mail here."));
        assertThat(rejection).containsIgnoringCase("multipart/report");
        assertThat(headerBlock(rejection)).doesNotContainIgnoringCase("X-Bounceguard");
        assertThat(remote.mailbox("victim")).as("no Sieve rejection to the forged From: address").isEmpty();
        assertThat(remote.mailbox("mallory2")).as("nor to the envelope sender").isEmpty();
        Imap imap = BounceguardJames.imap(server);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
            Imap.hasSubject(imap.folder(ALICE, ALICE_PASSWORD, "Filed"), "sieve test, dubious source, please file me"));
    }

    private static void send(GuiceJamesServer server, String client, String envelopeSender, String fromHeader, String subject) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send(client, "client.example", envelopeSender, ALICE,
            TestMail.message(fromHeader, ALICE, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    /** The top-level header section of a raw message. */
    private static String headerBlock(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        return end < 0 ? raw : raw.substring(0, end);
    }

    private static long ndrSuppressedFor(String reason) throws Exception {
        return setUp.counters().ndrsSuppressedFor(reason);
    }

    private static long answersSuppressedFor(String mailet, String reason) throws Exception {
        return setUp.counters().byKeys(Counters.ANSWER_SUPPRESSION, "suppressedFor", mailet, reason);
    }
}
