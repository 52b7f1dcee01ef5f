package org.bounceguard.benchmarks.hostile;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

import org.bounceguard.bounce.BounceParser;
import org.bounceguard.net.ReceivedChain;
import org.bounceguard.suppression.NdrGuard;
import org.bounceguard.suppression.NdrSignals;

/**
 * CPU time of every reader Bounceguard runs on a mail's content, fed hostile inputs of doubling
 * size: the NDR guard's Auto-Submitted / Precedence reading, the Received-chain reader, and the
 * bounce parser (top header, MIME parts, status fields, report text), through their public entry
 * points as the mailets call them. Each input shape aims at one scan that could rescan what it
 * has read (nested comments, lines without a colon, a phrase repeated without the character the
 * reader looks for next, thousands of parts).
 *
 * <p>Thread CPU time, not wall time: the machine is shared. Each size is measured in ROUNDS
 * rounds; a round repeats the input until it has read at least 8 MB (so that small inputs are
 * timed over milliseconds, not microseconds) and reports CPU time per input. The growth factor
 * per doubling is min(size) / min(size / 2): linear cost gives about 2, quadratic about 4.
 *
 * <p>{@code java ... HostileInputCost ROUNDS MAX_HEADER_KB MAX_BOUNCE_KB} prints a Markdown table
 * per input, then the worst growth factor found.
 */
public final class HostileInputCost {
    private static final long ROUND_BYTES = 8L * 1024 * 1024;
    /** A round slower than this stops the series: the input is already shown to be superlinear. */
    private static final long GIVE_UP_NANOS = 30_000_000_000L;
    /** Growth factors of inputs read below this CPU time are timer noise and are not judged. */
    private static final double JUDGED_FROM_MILLIS = 0.5;

    private static final NdrGuard GUARD = NdrGuard.withDefaults();
    private static final BounceParser PARSER = new BounceParser();
    private static final String DAEMON = "From: MAILER-DAEMON@mx.remote.example\r\nTo: alice@bounceguard.test\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n";
    private static final String REPORT = DAEMON + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
        + "--b\r\nContent-Type: text/plain\r\n\r\nThis is the mail system. Your message could not be delivered.\r\n";

    /** One hostile input shape: what it attacks, and the work for an input of about {@code size} bytes. */
    record Shape(String parser, String name, String description, boolean header, IntFunction<Runnable> work) {
    }

    private HostileInputCost() {
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape("NdrGuard", "precedence-nested-comments", "Precedence: ((((...)))) bulk, nested size/2 deep", true,
            size -> precedence("(".repeat(size / 2) + ")".repeat(size / 2) + " bulk")));
        shapes.add(new Shape("NdrGuard", "auto-submitted-many-comments", "Auto-Submitted: no (c)(c)(c)... ", true,
            size -> autoSubmitted("no " + "(c)".repeat(size / 3))));
        shapes.add(new Shape("NdrGuard", "precedence-unclosed-comments", "Precedence: (a(a(a(a... never closed", true,
            size -> precedence("(a".repeat(size / 2))));
        shapes.add(new Shape("ReceivedChain", "received-brackets", "one Received: from x [y] [y] [y]... by z", true,
            size -> received("from relay.example " + "[y] ".repeat(size / 4) + " by mx.example")));
        shapes.add(new Shape("ReceivedChain", "received-unclosed-brackets", "one Received: from [[[[...", true,
            size -> received("from " + "[".repeat(size))));
        shapes.add(new Shape("BounceParser", "top-header-folded-field", "a bounce whose top header holds one folded field", true,
            size -> bytesAndStream(message(DAEMON + "X-Huge: start" + repeat("\r\n\t" + "h".repeat(70), size / 73) + "\r\n\r\nbody\r\n"))));
        shapes.add(new Shape("BounceParser", "top-header-many-fields", "a bounce with size/20 short header fields", true,
            size -> bytesAndStream(message(DAEMON + repeat("X-Filler: yyyyyyyy\r\n", size / 20) + "\r\nbody\r\n"))));
        shapes.add(new Shape("BounceParser", "top-header-folded-subject", "a folded Subject of encoded words", true,
            size -> bytesAndStream(message("From: MAILER-DAEMON@mx.remote.example\r\nSubject: Undelivered" + repeat("\r\n =?utf-8?q?=C3=A9t=C3=A9?=", size / 28)
                + "\r\n\r\nbody\r\n"))));

        shapes.add(new Shape("BounceParser", "header-only-parts-colonless", "parts of text/rfc822-headers whose lines hold no colon", false,
            size -> bytesAndStream(message(REPORT + repeat("--b\r\nContent-Type: text/rfc822-headers\r\n\r\n" + "x\r\n".repeat(64), size / 300) + "--b--\r\n"))));
        shapes.add(new Shape("BounceParser", "large-header-parts-colonless", "text/rfc822-headers parts of up to 256 KB each, lines without a colon", false,
            size -> bytesAndStream(message(REPORT + repeat("--b\r\nContent-Type: text/rfc822-headers\r\n\r\n" + "x\r\n".repeat(Math.min(size, 256 * 1024) / 3),
                size / Math.min(size, 256 * 1024)) + "--b--\r\n"))));
        shapes.add(new Shape("BounceParser", "header-only-parts-returned", "parts whose own header is a returned header, no body", false,
            size -> bytesAndStream(message(REPORT + repeat("--b\r\nReceived: from a by b\r\nMessage-ID: <1@a>\r\nX: y\r\n", size / 60) + "--b--\r\n"))));
        shapes.add(new Shape("BounceParser", "status-parts-many-recipients", "message/delivery-status parts of 20 recipients each", false,
            size -> bytesAndStream(message(REPORT + repeat("--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
                + "Final-Recipient: rfc822; u@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n".repeat(20), size / 1500) + "--b--\r\n"))));
        shapes.add(new Shape("BounceParser", "status-part-colonless-lines", "one delivery-status part of short lines without a colon", false,
            size -> bytesAndStream(message(REPORT + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
                + "x\r\n".repeat(size / 3) + "--b--\r\n"))));
        shapes.add(new Shape("BounceParser", "text-from-on-one-line", "report text: one line of \"from: \" repeated", false,
            size -> bytesAndStream(message(plainText("from: ".repeat(size / 6))))));
        shapes.add(new Shape("BounceParser", "text-final-recipient-no-at", "report text: \"final-recipient: x\" lines, no '@' anywhere", false,
            size -> bytesAndStream(message(plainText("final-recipient: x\r\n".repeat(size / 20))))));
        shapes.add(new Shape("BounceParser", "text-json-emailaddress-no-at", "SES-like JSON: notificationType Bounce, emailAddress without '@'", false,
            size -> bytesAndStream(message(plainText("{\"notificationType\":\"Bounce\"," + "\"emailAddress\":\"x\",".repeat(size / 19) + "}")))));
        shapes.add(new Shape("BounceParser", "text-many-addresses", "report text naming an address per line", false,
            size -> bytesAndStream(message(plainText(addresses(size))))));
        shapes.add(new Shape("BounceParser", "text-quoted-header-lines", "report text of quoted header lines without Message-ID", false,
            size -> bytesAndStream(message(plainText("> From: a@b.example\r\n> Subject: s\r\n\r\n".repeat(size / 36) + "Received: x\r\n")))));
        shapes.add(new Shape("BounceParser", "text-no-line-breaks", "report text without a line break, '@' and '.' everywhere", false,
            size -> bytesAndStream(message(plainText("a@b.c:d.5.1.".repeat(size / 12))))));
        shapes.add(new Shape("BounceParser", "nested-multiparts", "multiparts nested size/60 deep", false,
            size -> bytesAndStream(message(DAEMON + "Content-Type: multipart/report; boundary=\"n0\"\r\n\r\n" + nestedParts(size / 60)))));
        shapes.add(new Shape("BounceParser", "many-text-parts", "thousands of short text parts", false,
            size -> bytesAndStream(message(REPORT + repeat("--b\r\nContent-Type: text/plain\r\n\r\nnot delivered to x@y.example\r\n", size / 75) + "--b--\r\n"))));
        return shapes;
    }

    private static Runnable precedence(String value) {
        NdrSignals signals = NdrSignals.builder().envelopeSender("bob@example.org").precedence(value).build();
        return () -> GUARD.decide(signals);
    }

    private static Runnable autoSubmitted(String value) {
        NdrSignals signals = NdrSignals.builder().envelopeSender("bob@example.org").autoSubmitted(value).build();
        return () -> GUARD.decide(signals);
    }

    private static Runnable received(String value) {
        List<String> headers = List.of(value);
        return () -> ReceivedChain.fromAddresses(headers);
    }

    /** Both ways James hands a message to the parser: bytes in memory and a stream. */
    private static Runnable bytesAndStream(byte[] message) {
        return () -> {
            PARSER.parse(message, Optional.empty());
            PARSER.parse(new ByteArrayInputStream(message), Optional.empty());
        };
    }

    private static byte[] message(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String plainText(String text) {
        return DAEMON + "Content-Type: text/plain\r\n\r\nThis is the mail system. Your message could not be delivered.\r\n" + text;
    }

    private static String repeat(String unit, int times) {
        return unit.repeat(Math.max(1, times));
    }

    private static String addresses(int size) {
        StringBuilder text = new StringBuilder(size + 64);
        for (int i = 0; text.length() < size; i++) {
            text.append("<user").append(i).append("@example.org>: 550 5.1.1 unknown\r\n");
        }
        return text.toString();
    }

    private static String nestedParts(int depth) {
        StringBuilder open = new StringBuilder();
        for (int level = 1; level <= depth; level++) {
            open.append("--n").append(level - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"n").append(level).append("\"\r\n\r\n");
        }
        return open.toString();
    }

    record Series(Shape shape, List<int[]> sizes, List<long[]> roundNanos, String stopped) {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        int maxHeaderKb = Integer.parseInt(args[1]);
        int maxBounceKb = Integer.parseInt(args[2]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double worstFactor = 0;
        String worst = "";
        StringBuilder over = new StringBuilder();
        for (Shape shape : shapes()) {
            // warm-up: the JIT compiles the readers before anything is timed
            Runnable small = shape.work().apply(16 * 1024);
            for (int i = 0; i < 200; i++) {
                small.run();
            }
            int max = (shape.header() ? maxHeaderKb : maxBounceKb) * 1024;
            System.out.printf("%n### %s: %s%n%n%s.%n%n", shape.parser(), shape.name(), shape.description());
            StringBuilder header = new StringBuilder("| size | repetitions | CPU ms per input, round 1");
            for (int round = 2; round <= rounds; round++) {
                header.append(" | round ").append(round);
            }
            System.out.println(header + " | minimum | growth per doubling |");
            System.out.println("|" + " --- |".repeat(rounds + 4));
            double previousMin = -1;
            for (int size = 16 * 1024; size <= max; size *= 2) {
                Runnable work = shape.work().apply(size);
                int repetitions = (int) Math.max(1, ROUND_BYTES / size);
                long[] nanos = new long[rounds];
                boolean gaveUp = false;
                for (int round = 0; round < rounds && !gaveUp; round++) {
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < repetitions; i++) {
                        work.run();
                    }
                    long spent = threads.getCurrentThreadCpuTime() - start;
                    nanos[round] = spent / repetitions;
                    gaveUp = spent > GIVE_UP_NANOS;
                    if (gaveUp) {
                        for (int rest = round + 1; rest < rounds; rest++) {
                            nanos[rest] = -1;
                        }
                    }
                }
                double min = Double.MAX_VALUE;
                StringBuilder row = new StringBuilder("| " + kb(size) + " | " + repetitions);
                for (long value : nanos) {
                    row.append(" | ").append(value < 0 ? "-" : String.format("%.3f", value / 1e6));
                    if (value >= 0) {
                        min = Math.min(min, value / 1e6);
                    }
                }
                String growth = "";
                if (previousMin > 0) {
                    double factor = min / previousMin;
                    boolean judged = previousMin >= JUDGED_FROM_MILLIS;
                    growth = String.format("%.2f", factor) + (judged ? "" : " (below 0.5 ms: not judged)");
                    if (judged && factor > worstFactor) {
                        worstFactor = factor;
                        worst = shape.parser() + " " + shape.name() + " at " + kb(size);
                    }
                    if (judged && factor > 2.2) {
                        over.append("- ").append(shape.parser()).append(' ').append(shape.name()).append(" at ").append(kb(size))
                            .append(": ").append(String.format("%.2f", factor)).append('\n');
                    }
                }
                System.out.println(row + " | " + String.format("%.3f", min) + " | " + growth + " |");
                previousMin = min;
                if (gaveUp) {
                    System.out.printf("%nStopped: one round over %d s; larger sizes not measured.%n", GIVE_UP_NANOS / 1_000_000_000L);
                    over.append("- ").append(shape.parser()).append(' ').append(shape.name()).append(": stopped at ").append(kb(size)).append('\n');
                    worstFactor = Double.POSITIVE_INFINITY;
                    worst = shape.parser() + " " + shape.name() + " (stopped at " + kb(size) + ")";
                    break;
                }
            }
        }
        System.out.printf("%n## Worst growth per doubling%n%n%s: %.2f (judged where the smaller size took at least %.1f ms)%n", worst, worstFactor,
            JUDGED_FROM_MILLIS);
        System.out.printf("%nOver 2.2: %s%n", over.length() == 0 ? "none" : "\n" + over);
    }

    private static String kb(int size) {
        return size >= 1024 * 1024 ? (size / (1024 * 1024)) + " MB" : (size / 1024) + " KB";
    }
}
