package org.bounceguard.benchmarks.verify;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.net.smtp.SMTPClient;
import org.bounceguard.testsupport.JamesNode;
import org.bounceguard.testsupport.PostfixPeer;

/**
 * RCPT latency with and without recipient verification, side by side in one run, seen by a real
 * SMTP client: one James 3.8.1 (the sample conf/, ports of its own, {@code verify.domains} naming
 * a real Postfix that refuses unknown users at RCPT), three cases interleaved in every round:
 * <ul>
 *     <li>{@code no verification}: RCPT to a local user of {@code bounceguard.test} - the hook
 *     declines at its first check (not a relayed domain) and James's own recipient check answers;</li>
 *     <li>{@code cache hit}: RCPT to an address of the relayed domain verified before;</li>
 *     <li>{@code probe}: RCPT to an address never seen: one SMTP dialogue with the backend (refused).</li>
 * </ul>
 * Each RCPT is timed from the client's write to James's reply; MAIL FROM and the RSETs between
 * batches are not. Prints a Markdown table per round and the minimum over rounds.
 * Arguments: repository root, James distribution, work directory, rounds, RCPTs per case and round.
 */
public final class RcptVerificationLatency {
    private static final String RELAYED = "relayed.bench.test";
    private static final String CLIENT = "127.4.0.1";
    private static final int SMTP = 32525;
    private static final Map<String, String> OWN_PORTS = Map.of(
        "127.0.0.1:2525", "127.0.0.1:" + SMTP, "127.0.0.1:2526", "127.0.0.1:32526", "127.0.0.1:1143", "127.0.0.1:31143",
        "port=8000", "port=38000", "jmx.port=9999", "jmx.port=39999");
    private static final int BATCH = 50;
    private static final String MBEAN = "org.bounceguard:type=RecipientVerification";
    private static final List<String> CASES = List.of("no verification", "cache hit", "probe");

    private RcptVerificationLatency() {
    }

    private record Measured(double[] millis, int unexpected) {
        double percentile(double p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path distribution = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int perCase = Integer.parseInt(args[4]);

        PostfixPeer backend = new PostfixPeer(RELAYED).user("known").refusesUnknownUsers();
        backend.start();
        try (JamesNode james = startJames(root, distribution, work, backend)) {
            james.addUser("alice@bounceguard.test", "bench-password");
            // warm-up: JIT, the backend's accept-all test, the cached address
            measureRound(0, perCase, "warm-up");
            List<Map<String, Measured>> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                results.add(measureRound(round, perCase, "round"));
            }
            print(results, perCase, backend.port());
            // the server's own count: every "probe" RCPT went to the backend, no "cache hit" one did
            var counters = james.counters();
            System.out.printf(Locale.ROOT, "%nThe server's RecipientVerification MBean after the run (warm-up included): Probes %d,"
                + " CacheHits %d, Refused %d, Deferred %d. Expected from the client's side: Probes %d (one per probe RCPT, the"
                + " warm-up's cached address and one accept-all test), CacheHits %d.%n",
                counters.value(MBEAN, "Probes"), counters.value(MBEAN, "CacheHits"), counters.value(MBEAN, "Refused"),
                counters.value(MBEAN, "Deferred"), (rounds + 1) * perCase + 2, (rounds + 1) * perCase - 1);
        } finally {
            backend.stop();
        }
    }


    private static JamesNode startJames(Path root, Path distribution, Path work, PostfixPeer backend) throws Exception {
        Path home = work.resolve("james");
        if (Files.exists(home)) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("extensions-jars"));
        try (Stream<Path> files = Files.list(root.resolve("conf"))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                for (var port : OWN_PORTS.entrySet()) {
                    text = text.replace(port.getKey(), port.getValue());
                }
                Files.writeString(home.resolve("conf").resolve(file.getFileName()), text);
            }
        }
        Path properties = home.resolve("conf/bounceguard.properties");
        Files.writeString(properties, Files.readString(properties)
            .replaceAll("(?m)^batv\\.keys=.*$", "batv.keys=1:" + secret())
            .replaceAll("(?m)^ledger\\.secret=.*$", "ledger.secret=" + secret())
            .replaceAll("(?m)^srs\\.keys=.*$", "srs.keys=" + secret())
            .replaceAll("(?m)^verify\\.domains=.*$", "verify.domains=" + RELAYED + "=" + backend.gateway())
            // the benchmark's one client asks far more than a client may
            .replaceAll("(?m)^verify\\.perClient\\.probes=.*$", "verify.perClient.probes=100000000"));
        try (var jars = Files.newDirectoryStream(root.resolve("mailets/target"), "bounceguard-mailets-*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, home.resolve("extensions-jars").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path hosts = home.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost " + InetAddress.getLocalHost().getHostName() + "\n::1 localhost\n");
        return JamesNode.start(home, new JamesNode.Ports(SMTP, 32526, 31143, 38000, 39999),
            List.of("java", "-Xmx1g", "-Djdk.net.hosts.file=" + hosts,
                "-Dworking.directory=" + home, "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"),
                "-jar", distribution.resolve("james-server-memory-app.jar").toString()),
            Duration.ofMinutes(3));
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The three cases, their order rotated each round so that none always runs first. */
    private static Map<String, Measured> measureRound(int round, int perCase, String label) throws IOException {
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (int i = 0; i < CASES.size(); i++) {
            String kind = CASES.get((i + round) % CASES.size());
            measured.put(kind, measure(kind, round, perCase, label));
        }
        Map<String, Measured> ordered = new LinkedHashMap<>();
        CASES.forEach(kind -> ordered.put(kind, measured.get(kind)));
        return ordered;
    }

    private static Measured measure(String kind, int round, int count, String label) throws IOException {
        SMTPClient smtp = new SMTPClient();
        smtp.setDefaultTimeout(60_000);
        smtp.connect(InetAddress.getByName("127.0.0.1"), SMTP, InetAddress.getByName(CLIENT), 0);
        double[] millis = new double[count];
        int unexpected = 0;
        try {
            smtp.setSoTimeout(60_000);
            smtp.helo("client.example");
            for (int i = 0; i < count; i++) {
                if (i % BATCH == 0) {
                    if (i > 0) {
                        smtp.reset();
                    }
                    smtp.setSender("someone@sender.example");
                }
                String recipient = switch (kind) {
                    case "no verification" -> "alice@bounceguard.test";
                    case "cache hit" -> "known@" + RELAYED;
                    default -> label + round + "-" + i + "-" + System.nanoTime() + "@" + RELAYED;
                };
                long start = System.nanoTime();
                smtp.addRecipient(recipient);
                millis[i] = (System.nanoTime() - start) / 1_000_000.0;
                int expected = kind.equals("probe") ? 550 : 250;
                if (smtp.getReplyCode() != expected) {
                    unexpected++;
                }
            }
            smtp.quit();
        } finally {
            smtp.disconnect();
        }
        return new Measured(millis, unexpected);
    }

    private static void print(List<Map<String, Measured>> results, int perCase, int backendPort) {
        StringBuilder out = new StringBuilder();
        out.append("| round | case | RCPTs | p50 ms | p99 ms | unexpected replies |\n| --- | --- | --- | --- | --- | --- |\n");
        for (int round = 0; round < results.size(); round++) {
            for (var entry : results.get(round).entrySet()) {
                Measured m = entry.getValue();
                out.append(String.format(Locale.ROOT, "| %d | %s | %d | %.2f | %.2f | %d |%n", round + 1, entry.getKey(), m.millis().length,
                    m.percentile(50), m.percentile(99), m.unexpected()));
            }
        }
        out.append("\n**Minimum over the rounds** (the least disturbed round of each case):\n\n")
            .append("| case | p50 ms | p99 ms | unexpected replies (all rounds) |\n| --- | --- | --- | --- |\n");
        for (String kind : CASES) {
            double p50 = results.stream().mapToDouble(round -> round.get(kind).percentile(50)).min().orElse(Double.NaN);
            double p99 = results.stream().mapToDouble(round -> round.get(kind).percentile(99)).min().orElse(Double.NaN);
            int unexpected = results.stream().mapToInt(round -> round.get(kind).unexpected()).sum();
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %d |%n", kind, p50, p99, unexpected));
        }
        System.out.print(out);
    }
}
