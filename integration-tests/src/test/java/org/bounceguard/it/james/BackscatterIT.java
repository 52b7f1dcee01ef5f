package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BatvTags;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Backscatter detection with the sample configuration: outgoing mail is BATV-signed, the remote
 * MTA's bounce to the signed address reaches the user, forged bounces are quarantined with
 * their reasons. Tags for the forged cases are built independently (BatvTags), from the draft.
 */
class BackscatterIT {
    private static final String BACKSCATTER = "memory://var/mail/backscatter/";
    /** conf's test keys (BounceguardJames.TEST_BATV_KEYS): key 1 signs, key 0 still verifies. */
    private static final String CURRENT_SECRET = "integration-test-key-one";
    private static final String PREVIOUS_SECRET = "integration-test-key-zero";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    static final RemoteMta remoteMta = new RemoteMta();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .build();

    private static void sendBounce(GuiceJamesServer server, String to, String subject) throws Exception {
        String dsn = "From: MAILER-DAEMON@remote.example\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
            + "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; bob@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            + "--b1--\r\n";
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send("127.1.1.1", "mx.remote.example", "", to, dsn);
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    private static void assertQuarantined(GuiceJamesServer server, String subject, String reason) throws Exception {
        JsonNode stored = Mails.awaitInRepository(server, BACKSCATTER, subject);
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains(reason);
        assertThat(stored.path("attributes").toString()).contains("bounceguard.backscatter.reasons").contains(reason);
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, subject);
    }

    @Test
    void theBounceOfMailAliceReallySentReachesHer(GuiceJamesServer server) throws Exception {
        // alice relays from 127.0.0.1 (an authorized address in conf/smtpserver.xml)
        SmtpClient.Outcome sent = BounceguardJames.smtp(server).send("127.0.0.1", "alice-laptop", ALICE, "bob@remote.example",
            TestMail.message(ALICE, "bob@remote.example", "a real outgoing mail"));
        assertThat(sent.accepted()).as(sent.reply()).isTrue();

        RemoteMta.Captured relayed = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> remoteMta.messagesTo("bob@remote.example").stream().findFirst(), Optional::isPresent)
            .get();
        assertThat(relayed.mailFrom()).matches("prvs=1\\d{3}[0-9a-f]{6}=alice@bounceguard\\.test");
        assertThat(relayed.raw()).contains("From: " + ALICE);

        sendBounce(server, relayed.mailFrom(), "bounce of a real outgoing mail");
        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "bounce of a real outgoing mail");
        assertThat(delivered.header("X-Bounceguard-Backscatter")).isNull();
    }

    @Test
    void forgedBouncesAreQuarantinedWithTheirReasons(GuiceJamesServer server) throws Exception {
        LocalDate nextWeek = BatvTags.today().plusDays(7);
        sendBounce(server, ALICE, "forged bounce without a tag");
        sendBounce(server, BatvTags.tag(1, "a-key-that-is-not-ours-at-all", nextWeek, ALICE), "forged bounce with a wrong key");
        sendBounce(server, BatvTags.tag(1, CURRENT_SECRET, BatvTags.today().minusDays(2), ALICE), "bounce with an expired tag");

        assertQuarantined(server, "forged bounce without a tag", "batv-missing");
        assertQuarantined(server, "forged bounce with a wrong key", "batv-invalid");
        assertQuarantined(server, "bounce with an expired tag", "batv-expired");

        String backscatter = "org.bounceguard:type=Backscatter";
        assertThat(setUp.counters().byKey(backscatter, "quarantinedFor", "batv-missing"))
            .isPositive();
        assertThat(setUp.counters().value(backscatter, "BatvFailed")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTagOfThePreviousKeyStillVerifiesButOneOfARemovedKeyDoesNot(GuiceJamesServer server) throws Exception {
        LocalDate nextWeek = BatvTags.today().plusDays(7);
        sendBounce(server, BatvTags.tag(0, PREVIOUS_SECRET, nextWeek, ALICE), "bounce signed with the previous key");
        sendBounce(server, BatvTags.tag(7, "a-removed-key-of-long-ago", nextWeek, ALICE), "bounce signed with a removed key");

        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "bounce signed with the previous key");
        assertQuarantined(server, "bounce signed with a removed key", "batv-invalid");
    }

    @Test
    void ordinaryMailToAPlainAddressIsNotJudged(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send("127.1.1.1", "client.example", "carol@example.com", ALICE,
            TestMail.message("carol@example.com", ALICE, "an ordinary mail"));
        assertThat(outcome.accepted()).isTrue();

        assertThat(Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "an ordinary mail").header("X-Bounceguard-Backscatter")).isNull();
    }
}
