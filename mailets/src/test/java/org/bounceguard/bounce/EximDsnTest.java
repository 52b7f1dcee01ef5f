package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Exim's RFC 3464 reports, written here after the layout Exim's documentation and its default
 * bounce and warning texts describe: a generic {@code Status: 5.0.0} ({@code 4.0.0} in delay
 * warnings) whatever the remote said, no Diagnostic-Code for routing failures (the reason is only
 * in the text, indented under the address), and for a forwarded address the original address in
 * Final-Recipient while the address that failed is in X-Failed-Recipients and the text.
 */
class EximDsnTest {
    private final BounceParser parser = new BounceParser();

    private static final String BOUNDARY = "1700000000-eximdsn-1234567890";

    private static String dsn(String subject, String failedRecipients, String text, String status) {
        return "Return-path: <>\r\n"
            + "Received: from Debian-exim by mx.example.org with local (Exim 4.96)\r\n\tid 1rAbCd-000Xyz-2Q\r\n\tfor sender@example.org;\r\n"
            + "X-Failed-Recipients: " + failedRecipients + "\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\r\n"
            + "To: sender@example.org\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=" + BOUNDARY + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-Id: <E1rAbCd-000Xyz-2Q@mx.example.org>\r\n\r\n"
            + "--" + BOUNDARY + "\r\nContent-type: text/plain; charset=us-ascii\r\n\r\n"
            + "This message was created automatically by mail delivery software.\r\n\r\n" + text + "\r\n"
            + "--" + BOUNDARY + "\r\nContent-type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx.example.org\r\n\r\n" + status + "\r\n"
            + "--" + BOUNDARY + "\r\nContent-type: message/rfc822\r\n\r\n"
            + "Received: from [192.0.2.7] by mx.example.org with esmtpa (Exim 4.96)\r\n"
            + "From: sender@example.org\r\nTo: someone@remote.example\r\nSubject: hello\r\n"
            + "Message-ID: <original-1@example.org>\r\n\r\nhello\r\n"
            + "--" + BOUNDARY + "--\r\n";
    }

    private static final String FAILED_TEXT = "A message that you sent could not be delivered to one or more of its\r\n"
        + "recipients. This is a permanent error. The following address(es) failed:\r\n\r\n";

    /** Bytes and stream give the same report; the bytes path reads the text only when the status part leaves it needed. */
    private BounceReport parsed(String message) {
        byte[] raw = message.getBytes(StandardCharsets.US_ASCII);
        BounceReport report = parser.parse(raw, Optional.empty());
        assertThat(parser.parse(new ByteArrayInputStream(raw), Optional.empty())).isEqualTo(report);
        return report;
    }

    @Test
    void aRemoteRejectionGivesTheRemoteCodeNotTheGenericOne() {
        String text = FAILED_TEXT + "  user@remote.example\r\n    host mx.remote.example [192.0.2.10]\r\n"
            + "    SMTP error from remote mail server after RCPT TO:<user@remote.example>:\r\n"
            + "    550 5.1.1 <user@remote.example>: Recipient address rejected: User unknown in virtual mailbox table\r\n";
        String status = "Action: failed\r\nFinal-Recipient: rfc822;user@remote.example\r\nStatus: 5.0.0\r\nRemote-MTA: dns; mx.remote.example\r\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 <user@remote.example>: Recipient address rejected: User unknown in virtual mailbox table\r\n";
        BounceReport report = parsed(dsn("Mail delivery failed: returning message to sender", "user@remote.example", text, status));

        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        FailedRecipient recipient = report.recipients().get(0);
        assertThat(recipient.address()).isEqualTo("user@remote.example");
        assertThat(recipient.status()).contains("5.1.1");
        assertThat(recipient.diagnostic()).hasValueSatisfying(diagnostic -> assertThat(diagnostic).contains("User unknown"));
        assertThat(report.xFailedRecipients()).containsExactly("user@remote.example");
        assertThat(BounceReportCli.tsv("exim.eml", report).split("\t")[3]).isEqualTo("5.1.1");
    }

    @Test
    void aRoutingFailureTakesItsReasonFromTheText() {
        String text = FAILED_TEXT + "  nobody@nowhere.example\r\n    Unrouteable address\r\n";
        String status = "Action: failed\r\nFinal-Recipient: rfc822;nobody@nowhere.example\r\nStatus: 5.0.0\r\n";
        BounceReport report = parsed(dsn("Mail delivery failed: returning message to sender", "nobody@nowhere.example", text, status));

        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        FailedRecipient recipient = report.recipients().get(0);
        assertThat(recipient.address()).isEqualTo("nobody@nowhere.example");
        assertThat(recipient.diagnostic()).contains("Unrouteable address");
        // the text gives no code: the generic one stays rather than a guessed one
        assertThat(recipient.status()).contains("5.0.0");
    }

    @Test
    void aForwardedAddressIsReportedFromXFailedRecipientsWithTheCodeFromTheText() {
        String text = FAILED_TEXT + "  target@remote.example\r\n    (generated from alias@example.org)\r\n"
            + "    host mx.remote.example [192.0.2.10]\r\n"
            + "    SMTP error from remote mail server after RCPT TO:<target@remote.example>:\r\n"
            + "    550 5.1.1 <target@remote.example>: User unknown\r\n";
        String status = "Action: failed\r\nFinal-Recipient: rfc822;alias@example.org\r\nStatus: 5.0.0\r\n";
        BounceReport report = parsed(dsn("Mail delivery failed: returning message to sender", "target@remote.example", text, status));

        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        FailedRecipient recipient = report.recipients().get(0);
        // the address this server sent to stays the recipient; the one that failed is reported beside it
        assertThat(recipient.address()).isEqualTo("alias@example.org");
        assertThat(report.xFailedRecipients()).containsExactly("target@remote.example");
        assertThat(recipient.status()).contains("5.1.1");
        assertThat(recipient.diagnostic()).hasValueSatisfying(diagnostic -> assertThat(diagnostic).contains("User unknown"));
        String[] row = BounceReportCli.tsv("exim.eml", report).split("\t", -1);
        assertThat(row[row.length - 1]).isEqualTo("target@remote.example");
        assertThat(BounceReportCli.json("exim.eml", report)).contains("\"x_failed_recipients\":[\"target@remote.example\"]");
    }

    @Test
    void aDelayWarningTakesTheSpecificCodeFromTheDiagnostic() {
        String text = "A message that you sent has not yet been delivered to one or more of its\r\n"
            + "recipients after more than 24 hours on the queue on mx.example.org.\r\n\r\n"
            + "The address to which the message has not yet been delivered is:\r\n\r\n"
            + "  greylisted@remote.example\r\n    host mx.remote.example [192.0.2.10]\r\n"
            + "    Delay reason: SMTP error from remote mail server after RCPT TO:<greylisted@remote.example>:\r\n"
            + "    451 4.7.1 Greylisted, please try again later\r\n\r\n"
            + "No action is required on your part. Delivery attempts will continue for\r\nsome time.\r\n";
        String status = "Action: delayed\r\nFinal-Recipient: rfc822;greylisted@remote.example\r\nStatus: 4.0.0\r\nRemote-MTA: dns; mx.remote.example\r\n"
            + "Diagnostic-Code: smtp; 451 4.7.1 Greylisted, please try again later\r\nWill-Retry-Until: Mon, 14 Dec 2026 10:00:00 +0000\r\n";
        BounceReport report = parsed(dsn("Warning: message 1rAbCd-000Xyz-2Q delayed 24 hours", "greylisted@remote.example", text, status));

        assertThat(report.kind()).isEqualTo(BounceReport.Kind.DELAY);
        assertThat(report.recipients().get(0).status()).contains("4.7.1");
    }

    @Test
    void aSpecificStatusIsKeptAndAGenericOneIsNotReplacedByAnotherClass() {
        String text = FAILED_TEXT + "  full@remote.example\r\n    host mx.remote.example [192.0.2.10]\r\n    552 5.2.2 Mailbox full\r\n";
        String specific = "Action: failed\r\nFinal-Recipient: rfc822;full@remote.example\r\nStatus: 5.2.2\r\nDiagnostic-Code: smtp; 550 5.1.1 unknown\r\n";
        assertThat(parsed(dsn("Mail delivery failed", "full@remote.example", text, specific)).recipients().get(0).status()).contains("5.2.2");
        String otherClass = "Action: failed\r\nFinal-Recipient: rfc822;full@remote.example\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 452 4.2.2 over quota\r\n";
        assertThat(parsed(dsn("Mail delivery failed", "full@remote.example", FAILED_TEXT + "  full@remote.example\r\n    over quota\r\n", otherClass))
            .recipients().get(0).status()).contains("5.0.0");
    }

    @Test
    void aReportWithoutXFailedRecipientsListsNone() {
        String status = "Action: failed\r\nFinal-Recipient: rfc822;user@remote.example\r\nStatus: 5.1.1\r\n";
        String message = dsn("Mail delivery failed", "x", FAILED_TEXT + "  user@remote.example\r\n", status).replace("X-Failed-Recipients: x\r\n", "");
        assertThat(parsed(message).xFailedRecipients()).isEmpty();
    }
}
