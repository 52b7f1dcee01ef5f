package org.bounceguard.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * A load of real SMTP mail: several connections at once, each from its own loopback address
 * ({@code 127.<prefix>.<connection / 250>.<connection % 250 + 1>}), each sending a batch of mails
 * in one session (RSET between them), as a busy peer MTA does. Every reply is checked; the
 * result says how many mails the server accepted - the number the test must find again.
 */
public record SmtpLoad(String serverHost, int serverPort) {

    public record Result(int accepted, int refused, List<String> failures) {
    }

    /**
     * Sends {@code total} mails to {@code recipient} over {@code total / perConnection} connections,
     * {@code parallel} at a time; subjects are {@code <subjectPrefix> <n>}.
     */
    public Result send(int total, int perConnection, int parallel, int addressPrefix, String recipient, String subjectPrefix)
            throws Exception {
        return send(total, perConnection, parallel, addressPrefix, n -> recipient, subjectPrefix, new AtomicInteger());
    }

    /**
     * As above, mail number n going to {@code recipientOf.apply(n)}, counting accepted mails in
     * {@code accepted} as they go (for a test that acts mid-load).
     */
    public Result send(int total, int perConnection, int parallel, int addressPrefix, IntFunction<String> recipientOf,
                       String subjectPrefix, AtomicInteger accepted) throws Exception {
        AtomicInteger refused = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> connections = new ArrayList<>();
            int connectionCount = (total + perConnection - 1) / perConnection;
            for (int connection = 0; connection < connectionCount; connection++) {
                int first = connection * perConnection;
                int count = Math.min(perConnection, total - first);
                String client = "127." + addressPrefix + "." + (connection / 250) + "." + (connection % 250 + 1);
                connections.add(pool.submit(() -> {
                    try {
                        session(client, first, count, recipientOf, subjectPrefix, accepted, refused);
                    } catch (IOException e) {
                        failures.add(client + ": " + e);
                    }
                    return null;
                }));
            }
            for (Future<?> connection : connections) {
                connection.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Result(accepted.get(), refused.get(), List.copyOf(failures));
    }

    private void session(String client, int first, int count, IntFunction<String> recipientOf, String subjectPrefix,
                         AtomicInteger accepted, AtomicInteger refused) throws IOException {
        SMTPClient smtp = SmtpClient.connect(new SMTPClient(), serverHost, serverPort, client, 60_000);
        try {
            smtp.login("load.example");
            for (int n = first; n < first + count; n++) {
                String sender = "load" + n + "@load.example";
                String recipient = recipientOf.apply(n);
                boolean ok = smtp.setSender(sender) && smtp.addRecipient(recipient)
                    && smtp.sendShortMessageData(message(sender, recipient, subjectPrefix + " " + n));
                if (ok && SMTPReply.isPositiveCompletion(smtp.getReplyCode())) {
                    accepted.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                    smtp.reset();
                }
            }
            smtp.logout();
        } finally {
            smtp.disconnect();
        }
    }

    private static String message(String sender, String recipient, String subject) {
        return "From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: " + subject
            + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "@load.example>\r\n\r\nload test mail\r\n";
    }
}
