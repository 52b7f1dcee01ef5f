package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Notices of kinds and senders the shared corpus does not hold, written here from what the
 * standards (RFC 3464, 3798, 3834, 5429, 5965, 6533, 6650) and the vendors' documented notices
 * say: who failed, why, and the returned original. None is a copy of a real message.
 */
class SyntheticNoticeTest {
    private final BounceParser parser = new BounceParser();

    private BounceReport parse(String message) {
        return parser.parse(message.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    private BounceReport parse(byte[] message) {
        return parser.parse(message, Optional.empty());
    }

    private static String base64(String text, Charset charset) {
        return Base64.getMimeEncoder().encodeToString(text.getBytes(charset));
    }

    /** The header of a message the notices return: what the original's author sent. */
    private static final String RETURNED = """
        Received: from client.example.net (client.example.net [192.0.2.10])
        \tby mx.example.net with ESMTP id 4QxyzAbc; Mon, 2 Nov 2026 10:00:00 +0000
        Message-ID: <original-1@example.net>
        From: Shironeko <shironeko@example.net>
        To: Kijitora <kijitora@example.org>, Mikeneko <mikeneko@example.org>
        Cc: sabatora@example.org
        Subject: lunch on friday
        Date: Mon, 2 Nov 2026 10:00:00 +0000
        """;

    /** A multipart/report around a text part, a status part and the returned header. */
    private static String report(String topHeader, String reportType, String text, String statusType, String status) {
        return topHeader + """
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=%s; boundary="b0"

            --b0
            Content-Type: text/plain; charset=us-ascii

            %s
            --b0
            Content-Type: %s

            %s
            --b0
            Content-Type: text/rfc822-headers

            %s
            --b0--
            """.formatted(reportType, text, statusType, status, RETURNED);
    }

    private static String dsn(String status) {
        return report("From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: shironeko@example.net\nSubject: Undelivered Mail Returned to Sender\n",
            "delivery-status", "Your message could not be delivered.", "message/delivery-status",
            "Reporting-MTA: dns; mx.example.org\n\n" + status);
    }

    /** A one-part text notice that quotes the original's header after its own text. */
    private static String textNotice(String topHeader, String text) {
        return topHeader + "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n" + text + "\n\n" + RETURNED + "\nSee you there.\n";
    }

    @Nested
    class FeedbackReports {
        private String arf(String feedbackFields, String returnedTo) {
            return """
                From: Feedback Loop <fbl@isp.example.com>
                To: abuse@example.net
                Subject: FW: lunch on friday
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="f0"

                --f0
                Content-Type: text/plain

                This is an email abuse report for an email message received from IP 192.0.2.10.
                --f0
                Content-Type: message/feedback-report

                Feedback-Type: %s
                User-Agent: ExampleFBL/1.0
                Version: 1
                Source-IP: 192.0.2.10
                --f0
                Content-Type: message/rfc822

                Message-ID: <complained-1@example.net>
                From: news@example.net
                To: %s
                Subject: offers

                Buy now.
                --f0--
                """.formatted(feedbackFields, returnedTo);
        }

        @Test
        void originalRcptToNamesTheComplainants() {
            BounceReport report = parse(arf("abuse\nOriginal-Rcpt-To: <Kijitora@isp.example.com>\nOriginal-Rcpt-To: sabatora@isp.example.com",
                "undisclosed-recipients:;"));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FEEDBACK);
            assertThat(report.feedbackRecipients()).containsExactly("kijitora@isp.example.com", "sabatora@isp.example.com");
            assertThat(report.addresses()).isEqualTo(report.feedbackRecipients());
            assertThat(report.recipients()).isEmpty();
            assertThat(report.originalMessageId()).contains("complained-1@example.net");
        }

        @Test
        void removalRecipientOfAnOptOutReport() {
            BounceReport report = parse(arf("opt-out\nRemoval-Recipient: mikeneko@isp.example.com", "undisclosed-recipients:;"));

            assertThat(report.feedbackRecipients()).containsExactly("mikeneko@isp.example.com");
        }

        @Test
        void withoutRecipientFieldsTheReturnedMessagesToIsUsed() {
            BounceReport report = parse(arf("abuse", "Neko <neko@isp.example.com>"));

            assertThat(report.feedbackRecipients()).containsExactly("neko@isp.example.com");
        }
    }

    @Test
    void anAutoReplyNamesTheAddressThatAnswered() {
        BounceReport report = parse("""
            Return-Path: <>
            From: "Neko, Nyaan" <Nyaan@example.org>
            To: shironeko@example.net
            Subject: Out of office: lunch on friday
            Auto-Submitted: auto-replied
            Content-Type: text/plain

            I am away until Monday and will read your message then.
            """);

        assertThat(report.kind()).isEqualTo(BounceReport.Kind.AUTO_REPLY);
        assertThat(report.replyingAddress()).contains("nyaan@example.org");
        assertThat(report.addresses()).containsExactly("nyaan@example.org");
    }

    @Nested
    class PlainTextFamilies {
        @Test
        void mdaemonStyleWarningThatAUserIsUnknown() {
            BounceReport report = parse(textNotice("""
                From: MDaemon@mx.example.org
                To: shironeko@example.net
                Subject: Warning: kijitora@example.org - User unknown!
                """, """
                The message you sent contains a recipient that is unknown on this server:

                    kijitora@example.org - User unknown!

                The message headers follow."""));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
            assertThat(report.originalMessageId()).contains("original-1@example.net");
        }

        @Test
        void processingErrorWithAnSmtpReply() {
            BounceReport report = parse(textNotice("""
                From: "Postmaster" <postmaster@mail.example.org>
                To: shironeko@example.net
                Subject: Processing Error
                """, """
                A problem occurred while processing your message.
                Recipient: kijitora@example.org
                Reason: 550 5.1.1 mailbox unavailable

                Original message header:"""));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
            assertThat(report.recipients().get(0).status()).contains("5.1.1");
        }

        @Test
        void failedMailFromAMailSystemAccount() {
            BounceReport report = parse(textNotice("""
                Return-Path: <>
                From: Mail System <mailer@mx.example.org>
                To: shironeko@example.net
                Subject: FAILED MAIL
                """, """
                Your mail to the following address failed:
                   kijitora@example.org   unknown user

                ----- Header of the failed mail -----"""));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void chineseTextWithoutASubject() {
            String text = "\u60a8\u53d1\u9001\u7ed9 kijitora@example.cn \u7684\u90ae\u4ef6\u65e0\u6cd5\u6295\u9012\u3002"
                + "\u539f\u56e0\uff1a\u7528\u6237\u4e0d\u5b58\u5728\u3002";
            String message = "Return-Path: <>\nFrom: =?GB2312?B?" + base64("\u90ae\u4ef6\u7cfb\u7edf", Charset.forName("GB2312"))
                + "?= <system@mail.example.cn>\nTo: shironeko@example.net\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=GB2312\nContent-Transfer-Encoding: base64\n\n"
                + base64(text + "\n\n" + RETURNED, Charset.forName("GB2312")) + "\n";

            BounceReport report = parse(message);

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.cn");
            assertThat(report.originalMessageId()).contains("original-1@example.net");
        }

        @Test
        void nonDeliveryReportBanner() {
            BounceReport report = parse(textNotice("""
                From: Mail Gateway <gateway@mx.example.org>
                To: shironeko@example.net
                Subject: Your message
                Auto-Submitted: auto-generated
                """, """
                --- Non-Delivery Report ---
                The following recipient could not receive this message:
                    kijitora@example.org (mailbox unavailable)

                --- Original Message Header ---"""));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void antivirusGatewayWithAnEncodedSubject() {
            String subject = "=?UTF-8?B?" + base64("Undeliverable message", StandardCharsets.UTF_8) + "?=";
            BounceReport report = parse(textNotice("""
                From: Messaging Gateway <gateway@mx.example.org>
                To: shironeko@example.net
                Subject: %s
                """.formatted(subject), """
                Your message to kijitora@example.org was rejected by the content filter:
                a virus was found in the attachment.

                Original message header:"""));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void blockedMessageNotice() {
            BounceReport report = parse(textNotice("""
                From: Gateway Antispam <antispam@mx.example.org>
                To: shironeko@example.net
                Subject: Blocked Message
                """, """
                The message sent to kijitora@example.org was blocked:
                it scored as spam (score 12.5, threshold 5.0).

                The message headers follow."""));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void systemAdministratorAndDeliveryFailureSenders() {
            String text = """
                Your message

                  Subject: lunch on friday

                was refused for the following recipient:

                  kijitora@example.org on Mon, 2 Nov 2026 10:00:01 +0000
                    The recipient name is not recognized.
                """;
            for (String from : new String[] {"System Administrator <admin@mx.example.org>", "Delivery Failure <notices@mx.example.org>"}) {
                BounceReport report = parse(textNotice("From: " + from + "\nTo: shironeko@example.net\nSubject: Message refused: lunch on friday\n", text));

                assertThat(report.kind()).as(from).isEqualTo(BounceReport.Kind.FAILURE);
                assertThat(report.addresses()).as(from).containsExactly("kijitora@example.org");
            }
        }
    }

    @Nested
    class Structures {
        @Test
        void actionFailureIsAFailure() {
            BounceReport report = dsnReport("Final-Recipient: rfc822; kijitora@example.org\nAction: failure\nStatus: 5.1.1\n");

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.recipients()).singleElement().satisfies(recipient -> assertThat(recipient.action()).contains("failed"));
        }

        private BounceReport dsnReport(String status) {
            return parse(dsn(status));
        }

        @Test
        void aSieveRejectionSentAsAnMdn() {
            String mdn = report("From: Mail Filter <postmaster@imap.example.org>\nTo: shironeko@example.net\nSubject: Rejected: lunch on friday\n",
                "disposition-notification",
                "Your message to kijitora@example.org was automatically rejected:\nthe mailbox is over its quota.",
                "message/disposition-notification", """
                Reporting-UA: imap.example.org; Sieve
                Final-Recipient: rfc822; kijitora@example.org
                Original-Message-ID: <original-1@example.net>
                Disposition: automatic-action/MDN-sent-automatically; deleted
                """);

            BounceReport report = parse(mdn);

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
            assertThat(report.originalMessageId()).contains("original-1@example.net");
        }

        @Test
        void aReadReceiptStaysNone() {
            String mdn = report("From: kijitora@example.org\nTo: shironeko@example.net\nSubject: Read: lunch on friday\n",
                "disposition-notification", "Your message was displayed.", "message/disposition-notification", """
                Final-Recipient: rfc822; kijitora@example.org
                Original-Message-ID: <original-1@example.net>
                Disposition: manual-action/MDN-sent-manually; displayed
                """);

            assertThat(parse(mdn).kind()).isEqualTo(BounceReport.Kind.NONE);
        }

        @Test
        void aFailureNoticeMarkedAutoRepliedIsAFailure() {
            BounceReport report = parse(textNotice("""
                Return-Path: <>
                From: MAILER-DAEMON@mx.example.org
                To: shironeko@example.net
                Subject: Your message to kijitora@example.org
                Auto-Submitted: auto-replied
                """, """
                Sorry, your message to kijitora@example.org was refused:
                550 5.1.1 <kijitora@example.org>: no such user here

                --- Headers of the refused message ---"""));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void aLocalFinalRecipientFallsBackToTheOriginalRecipient() {
            BounceReport report = dsnReport("Original-Recipient: rfc822; kijitora@example.org\nFinal-Recipient: LOCAL; kijitora\nAction: failed\nStatus: 5.2.2\n");

            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void theX400SmtpPrefixIsDropped() {
            assertThat(dsnReport("Final-Recipient: rfc822; SMTP=Kijitora@example.org\nAction: failed\nStatus: 5.1.1\n").addresses())
                .containsExactly("kijitora@example.org");
            BounceReport text = parse(textNotice("From: postmaster@mx.example.org\nTo: shironeko@example.net\nSubject: Undeliverable: lunch on friday\n",
                "Delivery has failed to these recipients or groups:\n\n  SMTP=kijitora@example.org\n  The e-mail address could not be found."));
            assertThat(text.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void aScreenNameWithoutDomainIsCompletedFromTheReturnedAddressees() {
            BounceReport report = dsnReport("Final-Recipient: rfc822; MikeNeko\nAction: failed\nStatus: 5.1.1\n");

            assertThat(report.addresses()).containsExactly("mikeneko@example.org");
        }

        @Test
        void theReturnedOriginalsAddresseesAreNotTheFailedRecipients() {
            BounceReport report = parse(textNotice("""
                From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
                To: shironeko@example.net
                Subject: Mail delivery failed
                """, """
                This message was created automatically by mail delivery software.

                A message that you sent could not be delivered to one or more of its recipients:

                  kijitora@example.org
                    mailbox is full

                For help, write to the postmaster, e.g. postmaster@example.org, or see
                the example address user@example.com in our frequently asked questions.

                ------ This is a copy of the message's headers. ------"""));

            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void aNoticeNamingNobodyDoesNotBlameEveryAddresseeOfTheOriginal() {
            String notice = """
                From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
                To: shironeko@example.net
                Subject: Mail delivery failed
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="m0"

                --m0
                Content-Type: text/plain

                This message was created automatically by mail delivery software.
                A message that you sent could not be delivered to one or more of its recipients.
                --m0
                Content-Type: message/rfc822

                %s
                Hello.
                --m0--
                """;

            BounceReport several = parse(notice.formatted(RETURNED));
            BounceReport one = parse(notice.formatted(RETURNED.replace(", Mikeneko <mikeneko@example.org>", "").replace("Cc: sabatora@example.org\n", "")));

            assertThat(several.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(several.addresses()).isEmpty();
            assertThat(one.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void ofTwoMessageIdsTheAuthorsIsTaken() {
            String message = dsn("Final-Recipient: rfc822; kijitora@example.org\nAction: failed\nStatus: 5.1.1\n")
                .replace("Message-ID: <original-1@example.net>", "Message-ID: <added-by-relay@mx.example.net>\nMessage-ID: <original-1@example.net>");

            assertThat(parse(message).originalMessageId()).contains("original-1@example.net");
        }

        @Test
        void aSingularRfc822HeaderPartIsRead() {
            String message = dsn("Final-Recipient: rfc822; kijitora@example.org\nAction: failed\nStatus: 5.1.1\n")
                .replace("Content-Type: text/rfc822-headers", "Content-Type: text/rfc822-header");

            BounceReport report = parse(message);

            assertThat(report.originalMessageId()).contains("original-1@example.net");
            assertThat(report.original().flatMap(OriginalMessage::from)).contains("Shironeko <shironeko@example.net>");
        }

        @Test
        void theOriginalsHeaderInsideTheStatusPartIsRead() {
            String message = report("From: MAILER-DAEMON@mx.example.org\nTo: shironeko@example.net\nSubject: Undelivered Mail\n",
                "delivery-status", "Your message could not be delivered.", "message/delivery-status",
                "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; kijitora@example.org\nAction: failed\nStatus: 5.1.1\n\n" + RETURNED)
                .replace("Content-Type: text/rfc822-headers\n\n" + RETURNED, "Content-Type: text/plain\n\nNothing more.\n");

            BounceReport report = parse(message);

            assertThat(report.addresses()).containsExactly("kijitora@example.org");
            assertThat(report.originalMessageId()).contains("original-1@example.net");
        }

        @Test
        void rawUtf8InStatusFieldsIsReadAsUtf8() {
            BounceReport report = parse(report("From: MAILER-DAEMON@mx.example.org\nTo: shironeko@example.net\nSubject: Undelivered Mail\n",
                "delivery-status", "Your message could not be delivered.", "message/global-delivery-status",
                "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: utf-8; d\u00e9sir\u00e9e@example.org\nAction: failed\nStatus: 5.1.1\n"));

            assertThat(report.addresses()).containsExactly("d\u00e9sir\u00e9e@example.org");
        }
    }

    @Nested
    class OrdinaryMail {
        private static final String QUOTED_BOUNCE = """
            > This message was created automatically by mail delivery software.
            >
            > A message that you sent could not be delivered to one or more of its
            > recipients. This is a permanent error. The following address(es) failed:
            >
            >   kijitora@example.org
            >     mailbox is full
            """;

        @Test
        void mailQuotingABounceStaysOrdinary() {
            BounceReport report = parse("""
                From: Shironeko <shironeko@example.net>
                To: help@example.org
                Subject: Re: Mail delivery failed: returning message to sender
                Content-Type: text/plain

                Hello, I keep getting this when I write to Kijitora. Any idea?

                %s
                Thanks, Shironeko
                """.formatted(QUOTED_BOUNCE));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.NONE);
        }

        @Test
        void aBounceForwardedWholeByAPersonIsStillABounce() {
            BounceReport report = parse("""
                From: Shironeko <shironeko@example.net>
                To: help@example.org
                Subject: Fwd: Mail delivery failed: returning message to sender
                Content-Type: text/plain

                Can you look at this one?

                Begin forwarded message:

                > From: Mail Delivery System <Mailer-Daemon@mx.example.org>
                > To: shironeko@example.net
                > Subject: Mail delivery failed: returning message to sender
                >
                %s
                """.formatted(QUOTED_BOUNCE));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }

        @Test
        void aRealBounceDeliveredToAMailboxIsStillABounce() {
            BounceReport report = parse("""
                Return-Path: <MAILER-DAEMON@mx.example.org>
                Delivered-To: shironeko@example.net
                From: Mail Delivery System <Mailer-Daemon@mx.example.org>
                To: shironeko@example.net
                Subject: Mail delivery failed: returning message to sender
                Content-Type: text/plain

                %s
                """.formatted(QUOTED_BOUNCE.replace("> ", "").replace(">", "")));

            assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
            assertThat(report.addresses()).containsExactly("kijitora@example.org");
        }
    }
}
