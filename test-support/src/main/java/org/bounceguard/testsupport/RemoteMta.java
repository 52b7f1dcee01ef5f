package org.bounceguard.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * "The Internet" behind James's RemoteDelivery gateway: a real SMTP server (Debian's aiosmtpd,
 * see peers/remote_mta.py) on a random loopback port that captures what James relays and answers
 * 550 to recipients whose local part starts with "reject".
 */
public final class RemoteMta implements BeforeAllCallback, AfterAllCallback {
    private static final String PYTHON = "/usr/bin/python3";

    private Process process;
    private Path spool;
    private int port;

    /** One message the remote MTA accepted, with its SMTP envelope. */
    public record Captured(String mailFrom, List<String> rcptTo, String raw) {
    }

    public int port() {
        return port;
    }

    public String gateway() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path work = Files.createTempDirectory("remote-mta");
        spool = work.resolve("spool");
        Path script = work.resolve("remote_mta.py");
        try (InputStream source = RemoteMta.class.getResourceAsStream("/peers/remote_mta.py")) {
            Files.copy(source, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        process = new ProcessBuilder(PYTHON, script.toString(), "127.0.0.1", String.valueOf(port), spool.toString())
            .redirectErrorStream(true)
            .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (!"ready".equals(line)) {
            String rest = output.lines().limit(30).reduce(line == null ? "" : line, (a, b) -> a + "\n" + b);
            throw new IllegalStateException("remote MTA did not start (scripts/test installs python3-aiosmtpd): " + rest);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The captured messages with {@code recipient} among their RCPT TO addresses. */
    public List<Captured> messagesTo(String recipient) throws IOException {
        return messages().stream().filter(message -> message.rcptTo().contains(recipient)).toList();
    }

    public List<Captured> messages() throws IOException {
        List<Captured> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(spool)) {
            for (Path eml : files.filter(path -> path.toString().endsWith(".eml")).sorted().toList()) {
                String name = eml.getFileName().toString();
                List<String> envelope = Files.readAllLines(eml.resolveSibling(name.replace(".eml", ".envelope")));
                String mailFrom = strip(envelope.get(0), "MAIL FROM:");
                List<String> rcptTo = envelope.stream().skip(1).map(line -> strip(line, "RCPT TO:")).toList();
                messages.add(new Captured(mailFrom, rcptTo, Files.readString(eml, StandardCharsets.ISO_8859_1)));
            }
        }
        return messages;
    }

    private static String strip(String line, String prefix) {
        String value = line.substring(prefix.length()).trim();
        return value.substring(1, value.length() - 1);
    }
}
