package org.bounceguard.it.support;

import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.SmtpClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Another James 3.8.1 memory server in its own JVM, laid out like {@code scripts/run}: the
 * repository's {@code conf/} copied into its working directory (with its own ports, so that it
 * runs beside the test's own James), the extension JAR in {@code extensions-jars/}, started with
 * {@code MemoryJamesServerMain} as James's distribution starts it. Bounceguard settings are given
 * as {@code bounceguard.*} system properties, as for the test's own server.
 */
public final class JamesNode implements AutoCloseable {
    private final Path workingDirectory;
    private final int smtpPort;
    private final int acceptThenCheckPort;
    private final int imapPort;
    private final int webAdminPort;
    private final int jmxPort;
    private Process process;

    private JamesNode(Path workingDirectory) throws IOException {
        this.workingDirectory = workingDirectory;
        this.smtpPort = freePort();
        this.acceptThenCheckPort = freePort();
        this.imapPort = freePort();
        this.webAdminPort = freePort();
        this.jmxPort = freePort();
    }

    public static JamesNode start(Path workingDirectory, Map<String, String> bounceguardProperties, Optional<String> remoteDeliveryGateway)
            throws Exception {
        JamesNode node = new JamesNode(workingDirectory);
        node.launch(bounceguardProperties, remoteDeliveryGateway);
        return node;
    }

    private void launch(Map<String, String> bounceguardProperties, Optional<String> remoteDeliveryGateway) throws Exception {
        BounceguardJames.layOut(workingDirectory);
        Path conf = workingDirectory.resolve("conf");
        BounceguardJames.edit(conf.resolve("smtpserver.xml"), Map.of(
            "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:" + smtpPort + "</bind>",
            "<bind>127.0.0.1:2526</bind>", "<bind>127.0.0.1:" + acceptThenCheckPort + "</bind>"));
        BounceguardJames.edit(conf.resolve("imapserver.xml"), Map.of("<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:" + imapPort + "</bind>"));
        BounceguardJames.edit(conf.resolve("webadmin.properties"), Map.of("port=8000", "port=" + webAdminPort));
        BounceguardJames.edit(conf.resolve("jmx.properties"), Map.of("jmx.port=9999", "jmx.port=" + jmxPort));
        remoteDeliveryGateway.ifPresent(gateway -> BounceguardJames.setGateway(workingDirectory, gateway));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Dworking.directory=" + workingDirectory,
            "-Dlogback.configurationFile=" + conf.resolve("logback.xml"),
            "-Dbounceguard.batv.keys=" + BounceguardJames.TEST_BATV_KEYS,
            "-Dbounceguard.ledger.secret=" + BounceguardJames.TEST_LEDGER_SECRET));
        bounceguardProperties.forEach((key, value) -> command.add("-Dbounceguard." + key + "=" + value));
        // the test's own classpath holds James's memory app and its libraries, not the extension
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.apache.james.MemoryJamesServerMain"));
        process = new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workingDirectory.resolve("james.log").toFile())
            .start();

        HttpClient http = HttpClient.newHttpClient();
        Instant until = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second James exited during start-up: " + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(webAdminBase() + "/domains")).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the second James did not come up: " + tail());
    }

    public void addUser(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(webAdminBase() + "/users/" + user))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT /users/" + user + ": " + response.statusCode() + " " + response.body());
        }
    }

    public SmtpClient smtp() {
        return new SmtpClient("127.0.0.1", smtpPort);
    }

    public SmtpClient acceptThenCheck() {
        return new SmtpClient("127.0.0.1", acceptThenCheckPort);
    }

    public int smtpPort() {
        return smtpPort;
    }

    public Imap imap() {
        return new Imap("127.0.0.1", imapPort);
    }

    public WebAdmin webAdmin() {
        return new WebAdmin("127.0.0.1", webAdminPort);
    }

    public Counters counters() {
        return new Counters(workingDirectory, jmxPort, webAdminPort);
    }

    public Jmx jmx() throws IOException {
        return Jmx.connect(workingDirectory, jmxPort);
    }

    private String webAdminBase() {
        return "http://127.0.0.1:" + webAdminPort;
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(workingDirectory.resolve("james.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
