package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.bounceguard.testsupport.SmtpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outbound ledger in a real James with the sample configuration: alice's mail to a remote
 * user goes out through RemoteDelivery (gateway: a real SMTP server on loopback) and is recorded;
 * that remote system's bounce, sent to her From: address - not to the BATV-tagged envelope sender -
 * reaches her; a bounce quoting a Message-ID we never sent is quarantined as ledger-miss.
 */
class OutboundLedgerIT {
    private static final String LEDGER = "org.bounceguard:type=OutboundLedger";
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>]+>)");

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    static final RemoteMta remoteMta = new RemoteMta();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .build();

    static long ledgerCounter(String attribute) throws Exception {
        try (Jmx jmx = Jmx.connect(BounceguardJames.workingDirectory())) {
            return jmx.longAttribute(LEDGER, attribute);
        }
    }

    static String aliceSendsOut(GuiceJamesServer server, String remoteRecipient, String subject) throws Exception {
        return aliceSendsOut(server, remoteMta, remoteRecipient, subject);
    }

    /** Alice sends to a remote user; returns the Message-ID the remote system received. */
    static String aliceSendsOut(GuiceJamesServer server, RemoteMta remoteMta, String remoteRecipient, String subject) throws Exception {
        // 127.0.0.1 is an authorized network in conf/smtpserver.xml: alice relays from it
        SmtpClient.Outcome sent = BounceguardJames.smtp(server).send("127.0.0.1", "alice-laptop", ALICE, remoteRecipient,
            BounceguardJames.message(ALICE, remoteRecipient, subject));
        assertThat(sent.accepted()).as(sent.reply()).isTrue();
        RemoteMta.Captured relayed = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> remoteMta.messagesTo(remoteRecipient).stream().findFirst(), Optional::isPresent)
            .get();
        assertThat(relayed.mailFrom()).as("the envelope sender is BATV-tagged").startsWith("prvs=");
        Matcher messageId = MESSAGE_ID.matcher(relayed.raw());
        assertThat(messageId.find()).as("the relayed mail has a Message-ID").isTrue();
        return messageId.group(1);
    }

    /** A remote system's DSN to {@code to}, returning the original's headers with {@code originalMessageId}. */
    static void remoteBounce(GuiceJamesServer server, String to, String originalMessageId, String subject) throws Exception {
        remoteBounce(BounceguardJames.smtp(server), to, originalMessageId, subject);
    }

    /** As above, to the James listening behind {@code smtp}. */
    static void remoteBounce(SmtpClient smtp, String to, String originalMessageId, String subject) throws Exception {
        String dsn = "From: MAILER-DAEMON@mx.remote.example\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nThe mailbox of carol is full; giving up.\r\n"
            + "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; carol@remote.example\r\nAction: failed\r\nStatus: 5.2.2\r\n"
            + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Received: from mx.bounceguard.test ([127.0.0.1]) by mx.remote.example; Tue, 24 Nov 2026 10:00:00 +0000\r\n"
            + "Message-ID: " + originalMessageId + "\r\n"
            + "From: " + ALICE + "\r\nTo: carol@remote.example\r\nSubject: the original\r\n"
            + "--b1--\r\n";
        SmtpClient.Outcome outcome = smtp.send("127.1.1.1", "mx.remote.example", "", to, dsn);
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    @Test
    void theBounceOfARelayedMailToHerFromAddressReachesHer(GuiceJamesServer server) throws Exception {
        long recordedBefore = ledgerCounter("MessagesRecorded");
        long hitsBefore = ledgerCounter("Hits");
        String messageId = aliceSendsOut(server, "carol@remote.example", "a mail carol's server will bounce later");
        assertThat(ledgerCounter("MessagesRecorded") - recordedBefore).as("the relayed mail is recorded, once").isEqualTo(1);

        // carol's server bounces to the From: address, without the BATV tag of the envelope sender
        remoteBounce(server, ALICE, messageId, "bounce to the From: address of a relayed mail");

        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "bounce to the From: address of a relayed mail");
        assertThat(delivered.header("X-Bounceguard-Backscatter")).isNull();
        assertThat(ledgerCounter("Hits") - hitsBefore).as("the ledger is asked once per bounce").isEqualTo(1);
    }

    @Test
    void aBounceQuotingAMessageIdWeNeverSentIsQuarantinedAsLedgerMiss(GuiceJamesServer server) throws Exception {
        long missesBefore = ledgerCounter("Misses");
        long quarantinedBefore = quarantinedFor("ledger-miss");
        remoteBounce(server, ALICE, "<never-sent-by-us.42@bounceguard.test>", "bounce quoting a message we never sent");

        JsonNode stored = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "bounce quoting a message we never sent");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains("ledger-miss");
        assertThat(stored.path("attributes").toString()).contains("ledger-miss");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "bounce quoting a message we never sent");
        // matched by IsBackscatter, recorded by RecordBackscatter: one look-up, one quarantine
        assertThat(ledgerCounter("Misses") - missesBefore).isEqualTo(1);
        assertThat(quarantinedFor("ledger-miss") - quarantinedBefore).isEqualTo(1);
    }

    private static long quarantinedFor(String reason) throws Exception {
        try (Jmx jmx = Jmx.connect(BounceguardJames.workingDirectory())) {
            return (Long) jmx.invoke("org.bounceguard:type=Backscatter", "quarantinedFor", new Object[] {reason},
                new String[] {String.class.getName()});
        }
    }

    @Test
    void aBounceToAnotherUserQuotingAlicesMessageIdIsAMiss(GuiceJamesServer server) throws Exception {
        server.getProbe(org.apache.james.utils.DataProbeImpl.class).addUser("dave@" + BounceguardJames.DOMAIN, ALICE_PASSWORD);
        String messageId = aliceSendsOut(server, "erin@remote.example", "alice's mail whose id a forger reuses");

        // the Message-ID alone proves nothing: it must come back to an address that mail carried
        remoteBounce(server, "dave@" + BounceguardJames.DOMAIN, messageId, "bounce to dave quoting alice's mail");

        JsonNode stored = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "bounce to dave quoting alice's mail");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains("ledger-miss");
    }

    @Test
    void aBounceReturningNoMessageIdIsNoEvidence(GuiceJamesServer server) throws Exception {
        long noEvidenceBefore = ledgerCounter("NoEvidence");
        String dsn = "From: MAILER-DAEMON@mx.remote.example\r\nTo: " + ALICE + "\r\nSubject: a bounce without the original\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b2\"\r\n\r\n"
            + "--b2\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; carol@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--b2--\r\n";
        assertThat(BounceguardJames.smtp(server).send("127.1.1.1", "mx.remote.example", "", ALICE, dsn).accepted()).isTrue();

        // the other signals decide (here: no BATV tag), and the ledger counts that it had nothing to say
        JsonNode stored = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "a bounce without the original");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains("batv-missing").doesNotContain("ledger-miss");
        assertThat(ledgerCounter("NoEvidence") - noEvidenceBefore).isEqualTo(1);
    }
}
