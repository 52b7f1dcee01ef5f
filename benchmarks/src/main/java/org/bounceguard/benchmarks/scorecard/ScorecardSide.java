package org.bounceguard.benchmarks.scorecard;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;

import org.bounceguard.testsupport.JamesNode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One side of the scorecard: a James 3.8.1 memory server laid out like {@code scripts/run} does it
 * (the distribution's jar, its {@code conf/} from {@code benchmarks/lib/james_conf_variant.py}, the
 * extension JAR in {@code extensions-jars/} on the Bounceguard side), with the same users, vacation,
 * Sieve script and forward on both sides, read back over WebAdmin and IMAP.
 */
final class ScorecardSide implements AutoCloseable {
    static final int PUBLIC_SMTP = 22525;
    static final int BACKUP_MX_SMTP = 22526;
    static final int IMAP = 21143;
    static final int WEBADMIN = 28000;
    static final int JMX = 29999;
    /** The variant script's ports (those of benchmarks/end-to-end) and the scorecard's own, so that both can run at once. */
    private static final java.util.Map<String, String> OWN_PORTS = java.util.Map.of(
        "127.0.0.1:12525", "127.0.0.1:" + PUBLIC_SMTP, "127.0.0.1:12526", "127.0.0.1:" + BACKUP_MX_SMTP,
        "127.0.0.1:11143", "127.0.0.1:" + IMAP, "port=18000", "port=" + WEBADMIN, "jmx.port=19999", "jmx.port=" + JMX,
        "127.0.53.53", OutsideWorld.DNS_ADDRESS);
    static final String PASSWORD = "scorecard-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JamesNode node;
    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ScorecardSide(JamesNode node, Path home) {
        this.node = node;
        this.home = home;
    }

    /**
     * @param variant {@code plain} (every Bounceguard line removed) or {@code bounceguard} (the sample)
     * @param gateway the smart host RemoteDelivery relays through (the partner's Postfix)
     */
    static ScorecardSide start(Path root, Path distribution, Path work, String variant, String gateway, String relayedBackend) throws Exception {
        Path home = work.resolve(variant);
        deleteTree(home);
        Files.createDirectories(home.resolve("extensions-jars"));
        exec(List.of("python3", root.resolve("benchmarks/lib/james_conf_variant.py").toString(), root.resolve("conf").toString(),
            home.resolve("conf").toString(), variant.equals("plain") ? "plain" : "bounceguard-prefetch"));
        try (var files = Files.list(home.resolve("conf"))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                String moved = text;
                for (var port : OWN_PORTS.entrySet()) {
                    moved = moved.replace(port.getKey(), port.getValue());
                }
                if (!moved.equals(text)) {
                    Files.writeString(file, moved);
                }
            }
        }
        Path mailets = home.resolve("conf/mailetcontainer.xml");
        String marker = "class=\"RemoteDelivery\">";
        String xml = Files.readString(mailets);
        if (!xml.contains(marker)) {
            throw new IllegalStateException("no RemoteDelivery in " + mailets);
        }
        xml = xml.replace(marker, marker + "\n                <gateway>" + gateway + "</gateway>");
        // James's SPF mailet skips loopback and private clients by default; every client here is loopback
        String spf = "class=\"SPF\">";
        if (!xml.contains(spf)) {
            throw new IllegalStateException("no SPF mailet in " + mailets);
        }
        Files.writeString(mailets, xml.replace(spf, spf + "\n                <ignoredNetworks>127.0.0.1/32</ignoredNetworks>"));
        if (!variant.equals("plain")) {
            try (var jars = Files.newDirectoryStream(root.resolve("mailets/target"), "bounceguard-mailets-*.jar")) {
                for (Path jar : jars) {
                    Files.copy(jar, home.resolve("extensions-jars").resolve(jar.getFileName()));
                }
            }
            Path properties = home.resolve("conf/bounceguard.properties");
            String text = Files.readString(properties)
                .replaceAll("(?m)^dns\\.servers=.*$", "dns.servers=" + OutsideWorld.DNS_ADDRESS + ":53")
                .replaceAll("(?m)^dnsbl\\.skip\\.loopback=.*$", "dnsbl.skip.loopback=false")
                .replaceAll("(?m)^batv\\.keys=.*$", "batv.keys=1:" + secret())
                .replaceAll("(?m)^ledger\\.secret=.*$", "ledger.secret=" + secret())
                .replaceAll("(?m)^srs\\.keys=.*$", "srs.keys=" + secret())
                // plain.test is our domain that does not sign: the ledger alone proves its bounces
                .replaceAll("(?m)^batv\\.domains=.*$", "batv.domains=" + OutsideWorld.OUR_DOMAIN)
                // the relayed domain's recipients, verified at RCPT against its backend
                .replaceAll("(?m)^verify\\.domains=.*$", "verify.domains=" + OutsideWorld.RELAYED + "=" + relayedBackend);
            Files.writeString(properties, text);
        }
        Path hosts = home.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost " + java.net.InetAddress.getLocalHost().getHostName() + "\n::1 localhost\n");
        JamesNode node = JamesNode.start(home, new JamesNode.Ports(PUBLIC_SMTP, BACKUP_MX_SMTP, IMAP, WEBADMIN, JMX),
            List.of("java", "-Xmx1500m", "-Djdk.net.hosts.file=" + hosts,
                "-Dworking.directory=" + home, "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"),
                "-jar", distribution.resolve("james-server-memory-app.jar").toString()),
            Duration.ofMinutes(3));
        ScorecardSide side = new ScorecardSide(node, home);
        try {
            side.provision();
            return side;
        } catch (Exception e) {
            side.close();
            throw e;
        }
    }

    /** The same users, domain, vacation, Sieve script and forward on both sides. */
    private void provision() throws Exception {
        expect(put("/domains/" + OutsideWorld.UNSIGNED_DOMAIN, ""), 204);
        // a gateway the way plain James can be one: the relayed domain is ours, mapped to the backend's name
        expect(put("/domains/" + OutsideWorld.RELAYED, ""), 204);
        expect(put("/domainMappings/" + OutsideWorld.RELAYED, OutsideWorld.RELAYED_BACKEND), 204);
        for (String user : Traffic.OUR_USERS) {
            expect(put("/users/" + user, "{\"password\":\"" + PASSWORD + "\"}"), 204);
        }
        expect(send(HttpRequest.newBuilder(uri("/vacation/" + Traffic.VACATIONING))
            .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":true,\"subject\":\"Out of office\",\"textBody\":\"I am away until Monday.\"}"))
            .header("Content-Type", "application/json")), 204);
        expect(put("/sieve/" + Traffic.SIEVE_REJECTING + "/scripts/reject-all?activate=true",
            "require [\"reject\"];\r\nreject \"I do not accept mail from strangers.\";\r\n"), 204);
        expect(put("/address/forwards/" + Traffic.FORWARD + "/targets/" + Traffic.FORWARD_TARGET, ""), 204);
        expect(put("/address/forwards/" + Traffic.WORKING_FORWARD + "/targets/" + Traffic.WORKING_FORWARD_TARGET, ""), 204);
        expect(put("/address/forwards/" + Traffic.BOUNCING_FORWARD + "/targets/" + Traffic.BOUNCING_FORWARD_TARGET, ""), 204);
    }

    /** Every message in every folder of every user, as raw text, keyed "user/folder". */
    List<Located> mailboxes() throws Exception {
        List<Located> found = new ArrayList<>();
        Properties properties = new Properties();
        properties.put("mail.imap.host", "127.0.0.1");
        properties.put("mail.imap.port", String.valueOf(IMAP));
        Session session = Session.getInstance(properties);
        for (String user : Traffic.OUR_USERS) {
            try (Store store = session.getStore("imap")) {
                store.connect("127.0.0.1", IMAP, user, PASSWORD);
                for (Folder folder : store.getDefaultFolder().list("*")) {
                    if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                        continue;
                    }
                    folder.open(Folder.READ_ONLY);
                    for (Message message : folder.getMessages()) {
                        var raw = new java.io.ByteArrayOutputStream();
                        message.writeTo(raw);
                        found.add(new Located("mailbox " + user + "/" + folder.getFullName(), raw.toString(StandardCharsets.ISO_8859_1)));
                    }
                    folder.close(false);
                }
            }
        }
        return found;
    }

    /** Every mail in every mail repository (quarantines, error, address-error, ...), raw. */
    List<Located> repositories() throws Exception {
        List<Located> found = new ArrayList<>();
        for (JsonNode repository : JSON.readTree(expect(get("/mailRepositories"), 200).body())) {
            String id = repository.path("repository").asText();
            String path = "/mailRepositories/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/mails";
            for (JsonNode key : JSON.readTree(expect(get(path + "?limit=100000"), 200).body())) {
                HttpResponse<String> raw = send(HttpRequest.newBuilder(uri(path + "/" + URLEncoder.encode(key.asText(), StandardCharsets.UTF_8)))
                    .header("Accept", "message/rfc822").GET());
                if (raw.statusCode() == 200) {
                    found.add(new Located("repository " + id, raw.body()));
                }
            }
        }
        return found;
    }

    /** Mails still waiting in James's queues (spool, outgoing). */
    long queued() throws Exception {
        long total = 0;
        for (JsonNode queue : JSON.readTree(expect(get("/mailQueues"), 200).body())) {
            JsonNode details = JSON.readTree(expect(get("/mailQueues/" + URLEncoder.encode(queue.asText(), StandardCharsets.UTF_8)), 200).body());
            total += details.path("size").asLong();
        }
        return total;
    }

    /** The lines of James's log that say an answer was not sent (the mail itself may be gone, as its configuration says). */
    List<Located> suppressionsLogged() throws IOException {
        return Files.readAllLines(home.resolve("james.log"), StandardCharsets.ISO_8859_1).stream()
            .filter(line -> line.contains(" suppressed"))
            .map(line -> new Located("answer suppressed (James's log)", line))
            .toList();
    }

    /** WebAdmin's Prometheus text, for the Bounceguard counters. */
    String metrics() throws Exception {
        HttpResponse<String> response = get("/metrics");
        return response.statusCode() == 200 ? response.body() : "";
    }

    Path home() {
        return home;
    }

    /** A message found somewhere, and where. */
    record Located(String place, String raw) {
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + WEBADMIN + path);
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var paths = Files.walk(path)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        node.close();
    }
}
