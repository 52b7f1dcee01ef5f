package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The "our relays" signal where BATV does not apply: legacy.test is a local domain that does not
 * sign (batv.domains names only bounceguard.test), so a bounce to it is judged by the original
 * headers it returns - our relay mx.bounceguard.test (conf's backscatter.ownRelays) or not.
 * Also the strongest option, rejectUnsignedBounces, is exercised here on the public listener.
 * The outbound ledger is off here (OutboundLedgerIT covers it): with it on, a bounce must also
 * answer a Message-ID we relayed.
 */
class BackscatterRelaysIT {
    private static final String DAVE = "dave@legacy.test";
    private static final String DAVE_PASSWORD = "dave-password";
    private static final String BACKSCATTER = "memory://var/mail/backscatter/";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .setting("batv.domains", "bounceguard.test")
        // the relays signal alone: with the ledger on, these made-up bounces would also be ledger misses
        .setting("ledger.enabled", "false")
        .confEdit("smtpserver.xml", "<rejectUnsignedBounces>false</rejectUnsignedBounces>",
            "<rejectUnsignedBounces>true</rejectUnsignedBounces>")
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).addDomain("legacy.test");
        server.getProbe(DataProbeImpl.class).addUser(DAVE, DAVE_PASSWORD);
    }

    private static String bounceReturning(String to, String subject, String originalReceived) {
        return "From: MAILER-DAEMON@mx.remote.example\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nUndeliverable.\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; bob@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
            + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Received: " + originalReceived + "\r\n"
            + "From: " + to + "\r\nTo: bob@remote.example\r\nSubject: the original\r\nMessage-ID: <orig-" + subject.hashCode() + "@legacy.test>\r\n\r\n"
            + "--b--\r\n";
    }

    private static SmtpClient.Outcome sendBounce(GuiceJamesServer server, String to, String subject, String originalReceived) throws Exception {
        return BounceguardJames.smtp(server).send("127.1.1.1", "mx.remote.example", "", to, bounceReturning(to, subject, originalReceived));
    }

    @Test
    void aBounceReturningOurRelaysHeadersIsAcceptedWithoutBatv(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = sendBounce(server, DAVE, "bounce of mail that went through us",
            "from laptop ([192.0.2.9]) by mx.bounceguard.test (JAMES SMTP Server) with ESMTP ID 1; Mon, 1 Jan 2024 00:00:00 +0000");
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        Mails.awaitInInbox(server, DAVE, DAVE_PASSWORD, "bounce of mail that went through us");
    }

    @Test
    void aBounceReturningStrangersHeadersIsQuarantined(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = sendBounce(server, DAVE, "bounce of mail that never went through us",
            "from spambot (unknown [203.0.113.66]) by mx.victim.example with SMTP; Mon, 1 Jan 2024 00:00:00 +0000");
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        JsonNode stored = Mails.awaitInRepository(server, BACKSCATTER, "bounce of mail that never went through us");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).isEqualTo("relays-unknown");
        Mails.assertNotInInbox(server, DAVE, DAVE_PASSWORD, "bounce of mail that never went through us");
    }

    @Test
    void withRejectUnsignedBouncesAForgedBounceIsRefusedAtRcptAndNothingIsStored(GuiceJamesServer server) throws Exception {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        int storedBefore = webAdmin.mailKeys(BACKSCATTER).size();

        SmtpClient.Outcome outcome = sendBounce(server, BounceguardJames.ALICE, "forged bounce refused at rcpt",
            "from spambot (unknown [203.0.113.66]) by mx.victim.example");

        assertThat(outcome.code()).isEqualTo(550);
        assertThat(outcome.reply()).contains("5.7.1");
        // the marker: a forged bounce to the domain that does not sign is accepted, and quarantined after the refused one
        SmtpClient.Outcome control = sendBounce(server, DAVE, "forged bounce accepted after the refused one",
            "from spambot (unknown [203.0.113.66]) by mx.victim.example");
        assertThat(control.accepted()).as(control.reply()).isTrue();
        Mails.awaitInRepository(server, BACKSCATTER, "forged bounce accepted after the refused one");

        assertThat(webAdmin.mails(BACKSCATTER)).hasSize(storedBefore + 1)
            .noneMatch(stored -> "forged bounce refused at rcpt".equals(Mails.headerValue(stored, "Subject")));
        Mails.assertNotInInbox(server, BounceguardJames.ALICE, BounceguardJames.ALICE_PASSWORD, "forged bounce refused at rcpt");
    }
}
