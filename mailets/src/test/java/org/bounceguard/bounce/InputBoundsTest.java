package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/**
 * The parser's documented bounds (docs/capabilities/bounce-recognition.md, "Bounded cost"): past each one it stops
 * reading, decides with what it has read, and counts the cut in {@link InputBounds}; and the cost
 * of each hostile shape grows linearly with its size (CPU time of this thread, the minimum of
 * several runs, with a margin wide enough for a loaded machine yet far below quadratic growth).
 */
class InputBoundsTest {
    private static final BounceParser PARSER = new BounceParser();
    private static final String DAEMON = "From: MAILER-DAEMON@mx.remote.example\r\nTo: alice@bounceguard.test\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n";
    private static final String REPORT = DAEMON + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n";
    private static final String STATUS_PART = "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.example\r\n\r\n"
        + "Final-Recipient: rfc822; bob@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n";

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static BounceReport parsedBothWays(byte[] message) {
        BounceReport report = PARSER.parse(message, Optional.empty());
        assertThat(PARSER.parse(new ByteArrayInputStream(message), Optional.empty())).isEqualTo(report);
        return report;
    }

    @Test
    void statusPartsNameAtMostTheRecipientBound() {
        long before = InputBounds.count(InputBounds.Bound.RECIPIENTS);
        String groups = "Final-Recipient: rfc822; u@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n".repeat(900);
        String status = "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n" + groups;
        BounceReport report = parsedBothWays(ascii(REPORT + status + status + status + "--b--\r\n"));
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(report.recipients()).hasSize(BounceParser.MAX_RECIPIENTS);
        assertThat(InputBounds.count(InputBounds.Bound.RECIPIENTS)).isGreaterThan(before);
    }

    @Test
    void partsPastTheBoundAreLeftUnreadAndTheStatusPartStillDecides() {
        long before = InputBounds.count(InputBounds.Bound.PARTS);
        String filler = "--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n".repeat(BounceParser.MAX_PARTS + 500);
        BounceReport report = parsedBothWays(ascii(REPORT + STATUS_PART + filler + "--b--\r\n"));
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(report.recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
        assertThat(InputBounds.count(InputBounds.Bound.PARTS)).isGreaterThan(before);
    }

    @Test
    void aPartHeaderPastMimeLimitsStopsTheReadingWithWhatWasRead() {
        long before = InputBounds.count(InputBounds.Bound.MIME);
        String hugePartHeader = "--b\r\nContent-Type: text/plain\r\n" + "X-Field: y\r\n".repeat(BounceParser.MAX_PART_HEADER_FIELDS + 10) + "\r\nbody\r\n";
        BounceReport report = parsedBothWays(ascii(REPORT + STATUS_PART + hugePartHeader + "--b--\r\n"));
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(report.recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
        assertThat(InputBounds.count(InputBounds.Bound.MIME)).isGreaterThan(before);
    }

    @Test
    void aTextPartLongerThanItsBudgetIsCutAndCounted() {
        long before = InputBounds.count(InputBounds.Bound.TEXT);
        String text = "I'm afraid I wasn't able to deliver your message to the following addresses.\r\n<bob@remote.example>: 550 5.1.1 no such user\r\n"
            + "filler line\r\n".repeat(BounceParser.MAX_PART_TEXT / 10);
        BounceReport report = parsedBothWays(ascii(DAEMON + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            + text + "--b--\r\n"));
        assertThat(report.recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
        assertThat(InputBounds.count(InputBounds.Bound.TEXT)).isGreaterThan(before);
    }

    // --- cost per doubling ---

    private static long minCpuNanos(byte[] message, int runs) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            long start = threads.getCurrentThreadCpuTime();
            PARSER.parse(message, Optional.empty());
            PARSER.parse(new ByteArrayInputStream(message), Optional.empty());
            best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
        }
        return best;
    }

    /** Cost of 8 × the size over cost of the size: about 8 when linear, 64 when quadratic; 20 leaves room for noise. */
    private static void assertLinear(String shape, IntFunction<String> message, int size) {
        byte[] small = ascii(message.apply(size));
        byte[] large = ascii(message.apply(size * 8));
        minCpuNanos(small, 30);
        long smallNanos = minCpuNanos(small, 15);
        long largeNanos = minCpuNanos(large, 5);
        assertThat((double) largeNanos / smallNanos).as("%s: CPU of %d bytes (%d µs) over %d bytes (%d µs)", shape, large.length,
            largeNanos / 1000, small.length, smallNanos / 1000).isLessThan(20);
    }

    @Test
    void headerOnlyPartsWithoutColonsCostLinearTime() {
        // the returned-header parts: lines that are no field (no colon) once made every line search the rest of the part
        assertLinear("rfc822-headers parts", size -> REPORT + ("--b\r\nContent-Type: text/rfc822-headers\r\n\r\n" + "x\r\n".repeat(size / 3)) + "--b--\r\n",
            16 * 1024);
        assertLinear("8 MB of header-only parts", size -> REPORT + STATUS_PART.replace("Action: failed", "Action: delayed")
            + "--b\r\nReceived: from a by b\r\nX: y\r\n".repeat(size / 40) + "--b--\r\n", 1024 * 1024);
    }

    @Test
    void reportTextShapesCostLinearTime() {
        String text = DAEMON + "Content-Type: text/plain\r\n\r\nThis is the mail system. Your message could not be delivered.\r\n";
        assertLinear("Final-Recipient lines without '@'", size -> text + "final-recipient: x\r\n".repeat(size / 20), 12 * 1024);
        assertLinear("emailAddress keys without '@'", size -> text + "{\"notificationType\":\"Bounce\"," + "\"emailAddress\":\"x\",".repeat(size / 19), 12 * 1024);
        assertLinear("one line of From: fields", size -> text + "> from: ".repeat(size / 8), 12 * 1024);
    }
}
