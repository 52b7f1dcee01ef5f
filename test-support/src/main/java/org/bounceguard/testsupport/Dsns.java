package org.bounceguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

/** Delivery status notifications: a remote system's, sent to James, and James's own, checked. */
public final class Dsns {
    /** The sample's listener without recipient validation (conf/smtpserver.xml): unknown users fail after acceptance. */
    public static final int ACCEPT_THEN_CHECK_PORT = 2526;

    private static final AtomicInteger CONTROLS = new AtomicInteger();

    private Dsns() {
    }

    public static SmtpClient acceptThenCheck() {
        return new SmtpClient("127.0.0.1", ACCEPT_THEN_CHECK_PORT);
    }

    /**
     * A remote system's DSN to {@code to}, sent to the James behind {@code smtp}, returning the
     * headers of alice's original with {@code originalMessageId}.
     */
    public static void remoteBounce(SmtpClient smtp, String to, String originalMessageId, String subject) throws Exception {
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
            + "From: " + TestMail.ALICE + "\r\nTo: carol@remote.example\r\nSubject: the original\r\n"
            + "--b1--\r\n";
        SmtpClient.Outcome outcome = smtp.send("127.1.1.1", "mx.remote.example", "", to, dsn);
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    /** {@link #assertWellFormed(String, String)}, and it reports the failure of the mail with this Message-ID. */
    public static void assertWellFormed(String raw, String failedRecipient, String originalMessageId) throws Exception {
        assertWellFormed(raw, failedRecipient);
        assertThat(reportsFailureOf(raw, failedRecipient, originalMessageId))
            .as("DSN for %s quoting Message-ID %s:%n%s", failedRecipient, originalMessageId, raw).isTrue();
    }

    /** A multipart/report with a message/delivery-status part reporting the failure of {@code failedRecipient}. */
    public static void assertWellFormed(String raw, String failedRecipient) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(message.getContentType()).containsIgnoringCase("multipart/report").containsIgnoringCase("delivery-status");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isGreaterThanOrEqualTo(2);
        assertThat(parts.getBodyPart(1).getContentType()).containsIgnoringCase("message/delivery-status");
        // the status code is James's own: "unknown" on paths where it has no SMTP reply to quote
        assertThat(raw).containsIgnoringCase("Final-Recipient: rfc822; " + failedRecipient)
            .containsIgnoringCase("Action: failed")
            .containsPattern("(?m)^Status: ");
    }

    /** Whether a DSN's text names {@code failedRecipient} as its Final-Recipient and quotes the original Message-ID. */
    public static boolean reportsFailureOf(String rawDsn, String failedRecipient, String originalMessageId) {
        return Pattern.compile("(?im)^Final-Recipient:\\s*rfc822;\\s*" + Pattern.quote(failedRecipient) + "\\s*$").matcher(rawDsn).find()
            && Pattern.compile("(?im)^Message-ID:\\s*" + Pattern.quote(originalMessageId) + "\\s*$").matcher(rawDsn).find();
    }

    /**
     * The positive marker before a check that no NDR went out: once a suppression has been
     * decided, a failed mail from a clean source (a sender of {@code senderDomain}, which the
     * test's rbldnsd must give an MX) follows the same way out, and its NDR must reach the remote
     * MTA. An NDR that should not have been sent was queued before it.
     */
    public static void awaitControlNdr(RemoteMta remoteMta, String senderDomain) throws Exception {
        String sender = "control-" + CONTROLS.incrementAndGet() + "@" + senderDomain;
        String recipient = "nobody-control@bounceguard.test";
        String subject = "control failure for " + sender;
        TestMail.send(acceptThenCheck(), "127.1.1.9", sender, recipient, subject);
        RemoteMta.Captured ndr = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> remoteMta.messagesTo(sender), list -> !list.isEmpty()).get(0);
        assertWellFormed(ndr.raw(), recipient, TestMail.messageId(subject));
    }
}
