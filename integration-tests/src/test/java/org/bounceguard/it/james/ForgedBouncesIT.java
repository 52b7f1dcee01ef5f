package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.BounceguardJames.DOMAIN;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdminHttp;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A spammer who has read the README against the sample configuration: forged bounces quoting a
 * real Message-ID, a ledger seeded through a forward, replays, bounces without a Message-ID, a
 * release used as a whitelist, client-written findings, malformed MIME. Each is quarantined with a
 * reason of its own. The genuine bounces - all written by a real Postfix as the remote domain -
 * still reach the INBOX: to a BATV-tagged address, to a user of a domain that does not sign (the
 * ledger), for an alias Postfix expanded, and one reporting two recipients of the original.
 *
 * <p>The forged bounces are hand-written: they are the attacker's text, not an MTA's.
 */
class ForgedBouncesIT {
    /** A domain of ours that does not sign (batv.domains names only bounceguard.test): the ledger proves its bounces. */
    private static final String PLAIN = "plain.test";
    private static final String REMOTE = "remote.test";
    private static final String POSTFIX_DSN_SUBJECT = "Undelivered Mail Returned to Sender";
    private static final String BACKSCATTER = "memory://var/mail/backscatter/";
    /** Where Postfix connects from: a remote MTA nobody lists. */
    private static final String POSTFIX_ADDRESS = "127.4.0.1";
    private static final String SPAMMER = "127.1.1.1";
    /** Listed by zen (score 3: the spam quarantine). */
    private static final String LISTED_CLIENT = "127.5.0.1";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing().zone("zen.spamhaus.org", "ip4set", LISTED_CLIENT);

    static final PostfixPeer remote = new PostfixPeer(REMOTE).user("bob")
        .alias("team", "nobody-behind-team")
        .autoReplies("away")
        .routes(DOMAIN, () -> 2525).routes(PLAIN, () -> 2525);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(remote)
        .gateway(remote::gateway)
        .setting("batv.domains", DOMAIN)
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        assertThat(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue())
            .as("Postfix routes our domains to the sample's public listener").isEqualTo(2525);
        remote.connectFrom(POSTFIX_ADDRESS);
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(PLAIN);
        for (String user : List.of("lena", "alias-writer", "two-writer", "victim", "bob-fan", "carl", "dora", "carol", "fwd",
            "replayed", "nomid", "released", "ordinary", "headers", "vacation-writer")) {
            data.addUser(plain(user), ALICE_PASSWORD);
        }
    }

    @AfterAll
    static void nothingReachedTheErrorRepository(GuiceJamesServer server) throws Exception {
        assertThat(BounceguardJames.webAdmin(server).mails("memory://var/mail/error/")).as("the error repository").isEmpty();
    }

    private static String plain(String localPart) {
        return localPart + "@" + PLAIN;
    }

    /** One of our users writes to remote users from our network (127.0.0.1, the sample's authorized address). */
    private static void writesOut(GuiceJamesServer server, String sender, List<String> recipients, String subject) throws Exception {
        SmtpClient.Outcome sent = BounceguardJames.smtp(server).send("127.0.0.1", "laptop", sender, recipients,
            TestMail.message(sender, String.join(", ", recipients), subject));
        assertThat(sent.accepted()).as(sent.reply()).isTrue();
    }

    /** The attacker's DSN: reports {@code reported} (if any) and returns headers with {@code messageId} (if any). */
    private static String forgedDsn(String to, Optional<String> reported, Optional<String> messageId, String subject) {
        String returned = "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Received: from laptop ([127.0.0.1]) by mx.bounceguard.test; Mon, 7 Dec 2026 10:00:00 +0000\r\n"
            + messageId.map(id -> "Message-ID: " + id + "\r\n").orElse("")
            + "From: " + to + "\r\nSubject: the original\r\n";
        return "From: MAILER-DAEMON@mx." + REMOTE + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nYour account is suspended: log in at http://phish.example/ to restore it.\r\n"
            + "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx." + REMOTE + "\r\n\r\n"
            + reported.map(address -> "Final-Recipient: rfc822; " + address + "\r\nAction: failed\r\nStatus: 5.1.1\r\n").orElse("")
            + returned
            + "--b1--\r\n";
    }

    private static void sendFrom(GuiceJamesServer server, String client, List<String> recipients, String text) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send(client, "mx." + REMOTE, "", recipients, text);
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    /** The quarantined mail with this subject; its recipients and reasons checked. */
    private static JsonNode assertQuarantined(GuiceJamesServer server, String subject, List<String> recipients, String reason) {
        JsonNode stored = Mails.awaitInRepository(server, BACKSCATTER, subject);
        assertThat(stored.path("attributes").toString()).contains("bounceguard.backscatter.reasons").contains(reason);
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains(reason);
        List<String> storedRecipients = new ArrayList<>();
        stored.path("recipients").forEach(node -> storedRecipients.add(node.asText()));
        assertThat(storedRecipients).containsExactlyInAnyOrderElementsOf(recipients);
        return stored;
    }

    /** Every value of a header of a mail WebAdmin shows. */
    private static List<String> headerValues(JsonNode mail, String name) {
        List<String> values = new ArrayList<>();
        mail.path("headers").fields().forEachRemaining(header -> {
            if (header.getKey().equalsIgnoreCase(name)) {
                header.getValue().forEach(value -> values.add(value.asText()));
            }
        });
        return values;
    }

    private static void assertNotInInbox(GuiceJamesServer server, List<String> users, String subject) throws Exception {
        for (String user : users) {
            Mails.assertNotInInbox(server, user, ALICE_PASSWORD, subject);
        }
    }

    private static String awaitRawInInbox(GuiceJamesServer server, String user, String mustContain) {
        Imap imap = BounceguardJames.imap(server);
        return await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> imap.rawInbox(user, ALICE_PASSWORD).stream()
            .filter(raw -> raw.contains(mustContain))
            .findFirst(), Optional::isPresent).get();
    }

    @Test
    void postfixsGenuineBouncesStillReachTheInbox(GuiceJamesServer server) throws Exception {
        writesOut(server, ALICE, List.of("nobody-1@" + REMOTE), "alice writes to nobody-1");
        writesOut(server, plain("lena"), List.of("nobody-2@" + REMOTE), "lena writes to nobody-2");
        writesOut(server, plain("alias-writer"), List.of("team@" + REMOTE), "a mail to an alias");
        writesOut(server, plain("two-writer"), List.of("nobody-4@" + REMOTE, "nobody-5@" + REMOTE), "a mail to two who do not exist");

        // BATV: Postfix bounces to the tagged envelope sender
        Imap.Delivered tagged = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, POSTFIX_DSN_SUBJECT);
        assertThat(tagged.header("X-Bounceguard-Backscatter")).isNull();
        // the ledger: the same Postfix DSN to a user of a domain that does not sign
        String ledger = awaitRawInInbox(server, plain("lena"), TestMail.messageId("lena writes to nobody-2"));
        assertThat(ledger).contains("Subject: " + POSTFIX_DSN_SUBJECT).doesNotContain("X-Bounceguard-Backscatter");
        // an alias: Postfix names the address it expanded to in Final-Recipient and the one we wrote to in Original-Recipient
        String alias = awaitRawInInbox(server, plain("alias-writer"), TestMail.messageId("a mail to an alias"));
        assertThat(alias).containsPattern("(?i)Final-Recipient: rfc822; ?nobody-behind-team@" + REMOTE)
            .containsPattern("(?i)Original-Recipient: rfc822; ?team@" + REMOTE)
            .doesNotContain("X-Bounceguard-Backscatter");
        // one DSN for two recipients of the original
        String two = awaitRawInInbox(server, plain("two-writer"), TestMail.messageId("a mail to two who do not exist"));
        assertThat(two).contains("nobody-4@" + REMOTE, "nobody-5@" + REMOTE).doesNotContain("X-Bounceguard-Backscatter");
    }

    @Test
    void theRemoteUsersAutoReplyReachesTheInbox(GuiceJamesServer server) throws Exception {
        writesOut(server, ALICE, List.of("away@" + REMOTE), "alice asks away something");
        writesOut(server, plain("vacation-writer"), List.of("away@" + REMOTE), "a question for away");

        // BATV for alice; for a domain that does not sign, the ledger: In-Reply-To and the replying address
        Imap.Delivered tagged = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "Auto: alice asks away something");
        assertThat(tagged.header("X-Bounceguard-Backscatter")).isNull();
        Imap.Delivered ledger = Mails.awaitInInbox(server, plain("vacation-writer"), ALICE_PASSWORD, "Auto: a question for away");
        assertThat(ledger.header("X-Bounceguard-Backscatter")).isNull();
        assertThat(ledger.header("Auto-Submitted")).isEqualTo("auto-replied");
    }

    @Test
    void aRealMessageIdQuotedToManyUsersOpensOnlyTheInboxItProves(GuiceJamesServer server) throws Exception {
        String subject = "victim's mail to bob";
        writesOut(server, plain("victim"), List.of("bob@" + REMOTE), subject);
        remote.awaitInMailbox("bob", raw -> raw.contains("Subject: " + subject));
        String messageId = TestMail.messageId(subject);
        List<String> everyone = List.of(plain("victim"), plain("bob-fan"), plain("carl"), plain("dora"));

        // the forger knows the Message-ID, not whom that mail went to
        sendFrom(server, SPAMMER, everyone, forgedDsn(plain("victim"), Optional.of("postmaster@" + REMOTE), Optional.of(messageId),
            "forged bounce to four users"));
        assertQuarantined(server, "forged bounce to four users", everyone, "ledger-miss");
        assertNotInInbox(server, everyone, "forged bounce to four users");

        // one who also guessed the recipient proves it for the sender of that mail only: the bounce splits
        sendFrom(server, SPAMMER, everyone, forgedDsn(plain("victim"), Optional.of("bob@" + REMOTE), Optional.of(messageId),
            "forged bounce naming the right recipient"));
        assertQuarantined(server, "forged bounce naming the right recipient", everyone.subList(1, 4), "ledger-miss");
        Mails.awaitInInbox(server, plain("victim"), ALICE_PASSWORD, "forged bounce naming the right recipient");
        assertNotInInbox(server, everyone.subList(1, 4), "forged bounce naming the right recipient");
    }

    @Test
    void aForwardOfTheSpammersOwnMailDoesNotSeedTheLedger(GuiceJamesServer server) throws Exception {
        addForward(server, plain("fwd"), "bob@" + REMOTE);
        String subject = "spam with an invented Message-ID, to be forwarded";
        SmtpClient.Outcome spam = BounceguardJames.smtp(server).send(SPAMMER, "spammer", plain("carol"), plain("fwd"),
            TestMail.message(plain("carol"), plain("fwd"), subject));
        assertThat(spam.accepted()).as(spam.reply()).isTrue();
        remote.awaitInMailbox("bob", raw -> raw.contains("Subject: " + subject));

        List<String> targets = List.of(plain("carol"), plain("dora"));
        sendFrom(server, SPAMMER, targets, forgedDsn(plain("carol"), Optional.of("bob@" + REMOTE),
            Optional.of(TestMail.messageId(subject)), "forged bounce of a forwarded mail"));

        assertQuarantined(server, "forged bounce of a forwarded mail", targets, "ledger-miss");
        assertNotInInbox(server, targets, "forged bounce of a forwarded mail");
    }

    @Test
    void aGenuineBounceProvesItselfOnceAndReplaysFromThreeSourcesAreQuarantined(GuiceJamesServer server) throws Exception {
        String subject = "replayed's mail to nobody-6";
        writesOut(server, plain("replayed"), List.of("nobody-6@" + REMOTE), subject);
        String messageId = TestMail.messageId(subject);
        awaitRawInInbox(server, plain("replayed"), messageId);

        for (String source : List.of("127.1.1.1", "127.1.1.2", "127.1.1.3")) {
            sendFrom(server, source, List.of(plain("replayed")), forgedDsn(plain("replayed"), Optional.of("nobody-6@" + REMOTE),
                Optional.of(messageId), "replay from " + source));
        }
        for (String source : List.of("127.1.1.1", "127.1.1.2", "127.1.1.3")) {
            assertQuarantined(server, "replay from " + source, List.of(plain("replayed")), "ledger-replay");
            Mails.assertNotInInbox(server, plain("replayed"), ALICE_PASSWORD, "replay from " + source);
        }
        assertThat(setUp.counters().value(Counters.OUTBOUND_LEDGER, "Replays")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBounceReturningNoMessageIdIsQuarantinedEvenNamingOurRelay(GuiceJamesServer server) throws Exception {
        sendFrom(server, SPAMMER, List.of(plain("nomid")), forgedDsn(plain("nomid"), Optional.of("someone@" + REMOTE), Optional.empty(),
            "forged bounce without a Message-ID"));

        assertQuarantined(server, "forged bounce without a Message-ID", List.of(plain("nomid")), "ledger-no-message-id");
        Mails.assertNotInInbox(server, plain("nomid"), ALICE_PASSWORD, "forged bounce without a Message-ID");
    }

    @Test
    void aReleaseDeliversOneMailAndTeachesNothing(GuiceJamesServer server) throws Exception {
        String quoted = "<invented-for-a-release@" + REMOTE + ">";
        sendFrom(server, SPAMMER, List.of(plain("released")), forgedDsn(plain("released"), Optional.of("someone@" + REMOTE),
            Optional.of(quoted), "a bounce an operator releases"));
        JsonNode quarantined = assertQuarantined(server, "a bounce an operator releases", List.of(plain("released")), "ledger-miss");

        WebAdminHttp.Answer released = new WebAdminHttp(server).post("/bounceguard/quarantine/backscatter/"
            + URLEncoder.encode(quarantined.path("name").asText(), StandardCharsets.UTF_8) + "?action=release");
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        Mails.awaitInInbox(server, plain("released"), ALICE_PASSWORD, "a bounce an operator releases");

        sendFrom(server, SPAMMER, List.of(plain("released")), forgedDsn(plain("released"), Optional.of("someone@" + REMOTE),
            Optional.of(quoted), "the same bounce again"));
        assertQuarantined(server, "the same bounce again", List.of(plain("released")), "ledger-miss");
        Mails.assertNotInInbox(server, plain("released"), ALICE_PASSWORD, "the same bounce again");
    }

    @Test
    void findingsAClientWritesAreRemovedOnArrival(GuiceJamesServer server) throws Exception {
        String ordinary = "X-Bounceguard-Backscatter: none\r\nx-bounceguard-dnsbl: client=none; score=0\r\n"
            + TestMail.message("bob@" + REMOTE, plain("ordinary"), "an ordinary mail with findings of its own");
        assertThat(BounceguardJames.smtp(server).send(SPAMMER, "client.example", "bob@" + REMOTE, plain("ordinary"), ordinary).accepted())
            .isTrue();
        sendFrom(server, SPAMMER, List.of(plain("headers")), "X-Bounceguard-Backscatter: none\r\n"
            + forgedDsn(plain("headers"), Optional.of("someone@" + REMOTE), Optional.empty(), "a forged bounce that says it is fine"));

        Imap.Delivered delivered = Mails.awaitInInbox(server, plain("ordinary"), ALICE_PASSWORD, "an ordinary mail with findings of its own");
        assertThat(delivered.header("X-Bounceguard-Backscatter")).isNull();
        assertThat(delivered.header("X-Bounceguard-Dnsbl")).as("ours, not the client's").contains("client=" + SPAMMER);
        JsonNode forged = assertQuarantined(server, "a forged bounce that says it is fine", List.of(plain("headers")), "ledger-no-message-id");
        assertThat(headerValues(forged, "X-Bounceguard-Backscatter")).containsExactly("ledger-no-message-id");
    }

    @Test
    void malformedMimeGoesWhereItsVerdictSaysNotToTheErrorRepository(GuiceJamesServer server) throws Exception {
        String broken = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"never-opened\"\r\n\r\nno start boundary here\r\n";
        String spam = "From: spammer@elsewhere.example\r\nTo: " + plain("ordinary") + "\r\nSubject: malformed from a listed client\r\n" + broken;
        assertThat(BounceguardJames.smtp(server).send(LISTED_CLIENT, "listed.example", "spammer@elsewhere.example", plain("ordinary"), spam)
            .accepted()).isTrue();
        String bounce = "From: MAILER-DAEMON@mx." + REMOTE + "\r\nTo: " + plain("nomid") + "\r\nSubject: malformed forged bounce\r\n" + broken;
        sendFrom(server, SPAMMER, List.of(plain("nomid")), bounce);

        JsonNode quarantinedSpam = Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "malformed from a listed client");
        assertThat(quarantinedSpam.path("attributes").toString()).contains("bounceguard.dnsbl.score");
        JsonNode quarantinedBounce = Mails.awaitInRepository(server, BACKSCATTER, "malformed forged bounce");
        assertThat(quarantinedBounce.path("attributes").toString()).contains("bounceguard.backscatter.reasons", "ledger-no-message-id");
        assertThat(BounceguardJames.webAdmin(server).mails("memory://var/mail/error/")).isEmpty();
    }

    /** PUT /address/forwards/{user}/targets/{target}: James forwards the user's mail there. */
    private static void addForward(GuiceJamesServer server, String user, String target) throws Exception {
        int port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/address/forwards/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/targets/" + URLEncoder.encode(target, StandardCharsets.UTF_8)))
            .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }
}
