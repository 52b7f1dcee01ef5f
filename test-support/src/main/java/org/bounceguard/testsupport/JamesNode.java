package org.bounceguard.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A James 3.8.1 server in its own JVM, started from a working directory the caller has laid out
 * (its {@code conf/}, its {@code extensions-jars/}), its output in {@code james.log} there; up once
 * WebAdmin answers. The integration tests' second node and each side of the scorecard are one.
 */
public final class JamesNode implements AutoCloseable {
    /** The listeners the laid-out conf/ gives this node. */
    public record Ports(int smtp, int acceptThenCheck, int imap, int webAdmin, int jmx) {
        /** Five free loopback ports, for a node that runs beside another James. */
        public static Ports free() throws IOException {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort());
        }
    }

    private final Path workingDirectory;
    private final Ports ports;
    private final Process process;

    private JamesNode(Path workingDirectory, Ports ports, Process process) {
        this.workingDirectory = workingDirectory;
        this.ports = ports;
        this.process = process;
    }

    /**
     * Runs {@code command} (a {@code java} command line) in {@code workingDirectory} and waits up to
     * {@code startUp} for WebAdmin's {@code /domains}; stops it and fails with the log's tail if it
     * exits or logs James's fatal start-up error first.
     */
    public static JamesNode start(Path workingDirectory, Ports ports, List<String> command, Duration startUp) throws Exception {
        Process process = new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workingDirectory.resolve("james.log").toFile())
            .start();
        JamesNode node = new JamesNode(workingDirectory, ports, process);
        try {
            node.awaitStarted(startUp);
            return node;
        } catch (Exception e) {
            node.close();
            throw e;
        }
    }

    private void awaitStarted(Duration startUp) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant until = Instant.now().plus(startUp);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("James exited during start-up: " + tail());
            }
            if (Files.readString(log(), StandardCharsets.ISO_8859_1).contains("Fatal error while starting James")) {
                throw new IllegalStateException("James failed to start: " + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(webAdminBase() + "/domains")).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // WebAdmin not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("James did not come up within " + startUp + ": " + tail());
    }

    /** Adds a user over WebAdmin. */
    public void addUser(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(webAdminBase() + "/users/" + user))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT /users/" + user + ": " + response.statusCode() + " " + response.body());
        }
    }

    public Ports ports() {
        return ports;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public Path log() {
        return workingDirectory.resolve("james.log");
    }

    public SmtpClient smtp() {
        return new SmtpClient("127.0.0.1", ports.smtp());
    }

    public SmtpClient acceptThenCheck() {
        return new SmtpClient("127.0.0.1", ports.acceptThenCheck());
    }

    public int smtpPort() {
        return ports.smtp();
    }

    public Jmx jmx() throws IOException {
        return Jmx.connect(workingDirectory, ports.jmx());
    }

    public Counters counters() {
        return new Counters(workingDirectory, ports.jmx(), ports.webAdmin());
    }

    private String webAdminBase() {
        return "http://127.0.0.1:" + ports.webAdmin();
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log(), StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
