package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The structural parser against the shared corpus of real reports and Sisimai's reference. */
class BounceParserTest {
    private static final Path CORPUS = Path.of(System.getProperty("bounceguard.corpus.dir", "../../shared/corpus"));
    private final BounceParser parser = new BounceParser();

    private BounceReport parse(String file) throws IOException {
        return parser.parse(Files.readAllBytes(CORPUS.resolve(file)), Optional.empty());
    }

    private static List<Path> files(String folder) throws IOException {
        try (Stream<Path> paths = Files.list(CORPUS.resolve(folder))) {
            return paths.filter(path -> path.toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static boolean isStandardReport(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int headerEnd = text.indexOf("\n\n");
        String header = headerEnd < 0 ? text : text.substring(0, headerEnd);
        return header.replaceAll("\\s+", " ").contains("report-type=delivery-status")
            || header.replaceAll("\\s+", " ").contains("report-type=\"delivery-status\"");
    }

    /** Sisimai's bounced recipients per file, lowercase. */
    private static Map<String, Set<String>> sisimaiRecipients() throws IOException {
        Map<String, Set<String>> byFile = new HashMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve("bounces.sisimai.tsv")).subList(1, Files.readAllLines(CORPUS.resolve("bounces.sisimai.tsv")).size())) {
            String[] columns = line.split("\t", -1);
            if (!columns[1].isEmpty() && !columns[1].equals("none")) {
                byFile.computeIfAbsent(columns[0], key -> new HashSet<>()).add(columns[1].toLowerCase(Locale.ROOT));
            }
        }
        return byFile;
    }

    @Test
    void everyRfc3464FailureInTheCorpusIsReadWithSisimaisRecipients() throws IOException {
        Map<String, Set<String>> reference = sisimaiRecipients();
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (Path file : files("bounces")) {
            String name = file.getFileName().toString();
            if (!isStandardReport(file) || !reference.containsKey(name)) {
                continue;
            }
            checked++;
            BounceReport report = parser.parse(Files.readAllBytes(file), Optional.empty());
            Set<String> ours = new HashSet<>();
            report.recipients().forEach(recipient -> ours.add(recipient.address()));
            if (report.kind() == BounceReport.Kind.NONE || !ours.containsAll(reference.get(name))) {
                disagreements.add(name + ": " + report.kind().word() + " " + ours + " vs Sisimai " + reference.get(name));
            }
        }
        assertThat(checked).isGreaterThan(100);
        // this structural reader agrees on at least 90 % of the standard reports; the MTA-specific
        // rest (pipes, forwarded reports, "deliverable" actions) is issue 4's
        assertThat(disagreements.size()).as(String.join("\n", disagreements)).isLessThanOrEqualTo(checked / 10);
    }

    @Test
    void feedbackReportsAreFeedback() throws IOException {
        for (Path file : files("bounces")) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (file.getFileName().toString().startsWith("arf-") && text.contains("message/feedback-report")) {
                assertThat(parser.parse(Files.readAllBytes(file), Optional.empty()).kind()).as(file.toString()).isEqualTo(BounceReport.Kind.FEEDBACK);
            }
        }
    }

    @Test
    void theReturnedOriginalsHeadersAreRead() throws IOException {
        int withReceived = 0;
        for (Path file : files("bounces")) {
            if (isStandardReport(file)) {
                BounceReport report = parser.parse(Files.readAllBytes(file), Optional.empty());
                if (report.original().map(original -> !original.received().isEmpty()).orElse(false)) {
                    withReceived++;
                }
            }
        }
        assertThat(withReceived).isGreaterThan(50);
    }

    @Test
    void ordinaryMailIsNotABounce() throws IOException {
        List<String> recognised = new ArrayList<>();
        for (Path file : files("ham")) {
            String name = file.getFileName().toString();
            BounceReport.Kind kind = parser.parse(Files.readAllBytes(file), Optional.empty()).kind();
            if ((kind == BounceReport.Kind.FAILURE || kind == BounceReport.Kind.DELAY) && !name.startsWith("01304.") && !name.startsWith("01311.")) {
                recognised.add(name);
            }
        }
        assertThat(recognised).isEmpty();
    }

    @Test
    void aHandWrittenDsnGivesEverything() {
        String dsn = "From: MAILER-DAEMON@mx.remote.example\r\nTo: alice@bounceguard.test\r\nSubject: failure\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; <Bob@Remote.Example>\r\nAction: failed\r\nStatus: 5.1.1 (bad mailbox)\r\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n\r\n"
            + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Received: from laptop ([192.0.2.9])\r\n by mx.bounceguard.test with ESMTP; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
            + "Message-ID: <AbC.123@bounceguard.test>\r\nFrom: alice@bounceguard.test\r\nSubject: hello\r\n\r\n"
            + "--b--\r\n";

        BounceReport report = parser.parse(dsn.getBytes(StandardCharsets.US_ASCII), Optional.of(""));

        assertThat(report.kind()).isEqualTo(BounceReport.Kind.FAILURE);
        assertThat(report.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.address()).isEqualTo("bob@remote.example");
            assertThat(recipient.status()).contains("5.1.1");
            assertThat(recipient.diagnostic()).contains("550 5.1.1 no such user");
            assertThat(recipient.reportingMta()).contains("mx.remote.example");
        });
        assertThat(report.originalMessageId()).contains("AbC.123@bounceguard.test");
        assertThat(report.original().orElseThrow().received()).singleElement().asString().contains("by mx.bounceguard.test");
    }

    @Test
    void hostileInputsFinishQuicklyAndSafely() {
        StringBuilder manyParts = new StringBuilder("Content-Type: multipart/mixed; boundary=x\r\n\r\n");
        for (int i = 0; i < 10_000; i++) {
            manyParts.append("--x\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        StringBuilder manyReceived = new StringBuilder("Content-Type: multipart/report; report-type=delivery-status; boundary=y\r\n\r\n--y\r\n"
            + "Content-Type: text/rfc822-headers\r\n\r\n");
        for (int i = 0; i < 5_000; i++) {
            manyReceived.append("Received: from h").append(i).append(" by h").append(i + 1).append("\r\n");
        }
        String hugeLine = "Subject: " + "x".repeat(1_000_000) + "\r\n\r\nbody\r\n";
        byte[] garbage = new byte[2_000_000];
        new java.util.Random(7).nextBytes(garbage);

        for (byte[] input : List.of(manyParts.toString().getBytes(StandardCharsets.US_ASCII),
            manyReceived.toString().getBytes(StandardCharsets.US_ASCII), hugeLine.getBytes(StandardCharsets.US_ASCII), garbage)) {
            long start = System.nanoTime();
            BounceReport report = parser.parse(input, Optional.empty());
            assertThat(report).isNotNull();
            // a hang guard, not a speed claim (benchmarks measure speed)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
