package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Adversarial messages, built in code: the parser must finish each within the documented bound
 * (docs/capabilities/bounce-recognition.md) and still read what a report says. The time limits are hang
 * guards with a wide margin for slow CI machines, not speed claims.
 */
class HostileInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(5);
    private final BounceParser parser = new BounceParser();

    private static final String DAEMON_HEADER = "From: MAILER-DAEMON@mx.remote.example\r\nTo: alice@bounceguard.test\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n";

    private BounceReport timed(byte[] message) {
        long start = System.nanoTime();
        BounceReport bytes = parser.parse(message, Optional.empty());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT);
        start = System.nanoTime();
        BounceReport stream = parser.parse(new ByteArrayInputStream(message), Optional.empty());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT);
        assertThat(stream).isEqualTo(bytes);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String qmailText(String recipient) {
        return "Hi. This is the qmail-send program at mx.remote.example.\r\n"
            + "I'm afraid I wasn't able to deliver your message to the following addresses.\r\n"
            + "This is a permanent error; I've given up. Sorry it didn't work out.\r\n\r\n"
            + "<" + recipient + ">:\r\nRemote host said: 550 5.1.1 no such user\r\n\r\n";
    }

    @Test
    void hugeHeaderOfAnOrdinaryMessageIsNotABounce() {
        StringBuilder header = new StringBuilder("From: bob@example.org\r\nSubject: hi\r\n");
        for (int i = 0; i < 50_000; i++) {
            header.append("X-Filler-").append(i).append(": ").append("y".repeat(40)).append("\r\n");
        }
        assertThat(timed(ascii(header + "\r\nhello\r\n")).kind()).isEqualTo(BounceReport.Kind.NONE);
    }

    @Test
    void oneMegabyteLinesInHeaderAndBody() {
        String line = "x".repeat(1_000_000);
        byte[] message = ascii(DAEMON_HEADER + "X-Long: " + line + "\r\n\r\n" + qmailText("bob@remote.example") + line + "\r\n");
        BounceReport report = timed(message);
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(report.recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
    }

    @Test
    void thousandsOfPartsAreSkippedWithinBounds() {
        StringBuilder message = new StringBuilder(DAEMON_HEADER + "Content-Type: multipart/mixed; boundary=x\r\n\r\n");
        message.append("--x\r\nContent-Type: text/plain\r\n\r\n").append(qmailText("bob@remote.example"));
        for (int i = 0; i < 20_000; i++) {
            message.append("--x\r\nContent-Type: text/plain\r\n\r\nuser").append(i).append("@example.org said 550\r\n");
        }
        message.append("--x--\r\n");
        BounceReport report = timed(ascii(message.toString()));
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        // text is read from the first parts only (BounceParser's part budget)
        assertThat(report.recipients()).extracting(FailedRecipient::address).contains("bob@remote.example").hasSizeLessThan(20);
    }

    @Test
    void deeplyNestedMultipartsEndWithoutStackOverflow() {
        int depth = 5_000;
        StringBuilder message = new StringBuilder(DAEMON_HEADER + "Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 1; i <= depth; i++) {
            message.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n");
        }
        message.append("--b").append(depth).append("\r\nContent-Type: text/plain\r\n\r\n").append(qmailText("bob@remote.example"));
        for (int i = depth; i >= 0; i--) {
            message.append("--b").append(i).append("--\r\n");
        }
        BounceReport report = timed(ascii(message.toString()));
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
    }

    @Test
    void fiftyMegabyteAttachmentIsStreamedNotLoaded() {
        String head = DAEMON_HEADER + "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\n"
            + qmailText("bob@remote.example") + "--z\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        byte[] line = ascii("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n");
        long size = 50L * 1024 * 1024;
        InputStream generated = new InputStream() {
            private final byte[] start = ascii(head);
            private final byte[] end = ascii("--z--\r\n");
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                long total = start.length + size + end.length;
                if (position >= total) {
                    return -1;
                }
                int n = 0;
                while (n < length && position < total) {
                    long p = position;
                    byte b = p < start.length ? start[(int) p]
                        : p < start.length + size ? line[(int) ((p - start.length) % line.length)]
                        : end[(int) (p - start.length - size)];
                    buffer[offset + n++] = b;
                    position++;
                }
                return n;
            }
        };
        // Large arrays go straight to the old generation (G1's humongous regions): its peak during
        // the parse shows whether anything near the attachment's size was ever held. Used heap as
        // such would also count the garbage of every other test in this JVM.
        List<MemoryPoolMXBean> oldGeneration = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden") && !pool.getName().contains("Survivor"))
            .toList();
        System.gc();
        long before = oldGeneration.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        oldGeneration.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        BounceReport report = parser.parse(generated, Optional.empty());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        long peak = oldGeneration.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(report.recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
        assertThat(peak - before).as("old-generation growth while parsing a %d-byte attachment", size).isLessThan(size / 2);
    }

    @Test
    void manyAddressesAndDigitsInTheReportTextStayBounded() {
        StringBuilder text = new StringBuilder(qmailText("bob@remote.example"));
        for (int i = 0; i < 30_000; i++) {
            text.append("<u").append(i).append("@h").append(i).append(".example> 5.5.5.5.5.5.5 550 550 @@@@ ....@....\r\n");
        }
        BounceReport report = timed(ascii(DAEMON_HEADER + "\r\n" + text));
        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(report.recipients()).hasSizeLessThanOrEqualTo(PlainTextReport.MAX_RECIPIENTS);
    }

    @Test
    void lineEndingsLfCrAndCrlfReadAlike() {
        String crlf = DAEMON_HEADER + "Content-Type: text/plain\r\n\r\n" + qmailText("bob@remote.example")
            + "--- Below this line is a copy of the message.\r\n\r\nReceived: from a by b\r\nMessage-ID: <id-1@bounceguard.test>\r\n\r\nbody\r\n";
        BounceReport expected = timed(ascii(crlf));
        assertThat(expected.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(expected.originalMessageId()).contains("id-1@bounceguard.test");
        assertThat(timed(ascii(crlf.replace("\r\n", "\n")))).isEqualTo(expected);
        assertThat(timed(ascii(crlf.replace("\r\n", "\r")))).isEqualTo(expected);
    }

    @Test
    void base64AndQuotedPrintableTextPartsAreDecoded() {
        String text = qmailText("bob@remote.example");
        String base64 = java.util.Base64.getMimeEncoder().encodeToString(ascii(text));
        byte[] encoded = ascii(DAEMON_HEADER + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64 + "\r\n");
        assertThat(timed(encoded).recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
        String qp = text.replace("I'm afraid I wasn't able", "I'm afraid I wasn=\r\n't able").replace("=", "=3D").replace("=3D\r\n", "=\r\n");
        byte[] quoted = ascii(DAEMON_HEADER + "Content-Type: text/plain; charset=\"x-no-such-charset\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qp);
        assertThat(timed(quoted).recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
    }

    @Test
    void brokenMimeReportsWhatCouldBeRead() {
        byte[] truncated = ascii(DAEMON_HEADER + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"never\"\r\n\r\n"
            + qmailText("bob@remote.example"));
        assertThat(timed(truncated).recipients()).extracting(FailedRecipient::address).containsExactly("bob@remote.example");
        byte[] garbage = new byte[3_000_000];
        new java.util.Random(11).nextBytes(garbage);
        byte[] daemonGarbage = Arrays.copyOf(ascii(DAEMON_HEADER + "\r\n"), DAEMON_HEADER.length() + 2 + garbage.length);
        System.arraycopy(garbage, 0, daemonGarbage, DAEMON_HEADER.length() + 2, garbage.length);
        for (Supplier<byte[]> input : java.util.List.<Supplier<byte[]>>of(() -> garbage, () -> daemonGarbage, () -> new byte[0], () -> ascii("\r\n\r\n"))) {
            assertThat(timed(input.get())).isNotNull();
        }
    }
}
