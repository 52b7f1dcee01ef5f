package org.bounceguard.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts a mailbox's messages with IMAP {@code STATUS (MESSAGES)} over one logged-in connection.
 * Used instead of WebAdmin's {@code .../messageCount}, which in James 3.8.1's memory server runs
 * a search over every message (parsing each one's headers) and, polled during a load run, took
 * more CPU from James than the mail itself.
 */
final class ImapMessageCount implements AutoCloseable {
    private static final Pattern MESSAGES = Pattern.compile("MESSAGES (\\d+)");

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int tag;

    ImapMessageCount(int port, String user, String password) throws IOException {
        socket = new Socket("127.0.0.1", port);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
        in.readLine(); // greeting
        command("LOGIN " + user + " " + password);
    }

    long inbox() throws IOException {
        String untagged = command("STATUS INBOX (MESSAGES)");
        Matcher count = MESSAGES.matcher(untagged);
        if (!count.find()) {
            throw new IOException("no MESSAGES in STATUS answer: " + untagged);
        }
        return Long.parseLong(count.group(1));
    }

    /** Sends one command; returns its untagged lines, fails unless the tagged answer is OK. */
    private String command(String command) throws IOException {
        String id = "a" + (++tag);
        out.write((id + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder untagged = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith(id + " ")) {
                if (!line.startsWith(id + " OK")) {
                    throw new IOException(command.split(" ")[0] + " failed: " + line);
                }
                return untagged.toString();
            }
            untagged.append(line).append('\n');
        }
        throw new IOException("IMAP connection closed");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
