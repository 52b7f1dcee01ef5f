package org.bounceguard.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One load run against a started James: postfix's smtp-source sends {@code mails} messages in
 * {@code sessions} parallel SMTP sessions (one message per connection) through
 * {@link SourceAddressRelay}, and the clock runs from its start until James has processed them
 * all: delivered to the INBOX (counted with IMAP STATUS) or stored in the spam repository
 * (WebAdmin), polled every 100 ms.
 *
 * <p>Arguments: {@code jamesSmtpPort webAdminPort warmUpMails mails sessions timeoutSeconds smtpSourceLog imapPort password}.
 * Prints, for the measured batch: {@code processed seconds mailsPerSecond inbox spam relayConnections smtpSourceExit}.
 */
public final class SmtpLoad {
    private static final String RECIPIENT = "alice@bounceguard.test";
    private static final Pattern SIZE = Pattern.compile("\"size\"\\s*:\\s*(\\d+)");

    private SmtpLoad() {
    }

    public static void main(String[] args) throws Exception {
        int smtpPort = Integer.parseInt(args[0]);
        int webAdminPort = Integer.parseInt(args[1]);
        int warmUpMails = Integer.parseInt(args[2]);
        int mails = Integer.parseInt(args[3]);
        int sessions = Integer.parseInt(args[4]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[5]));
        Path smtpSourceLog = Path.of(args[6]);
        int imapPort = Integer.parseInt(args[7]);
        String password = args[8];
        HttpClient http = HttpClient.newHttpClient();
        String webAdmin = "http://127.0.0.1:" + webAdminPort;

        try (ImapMessageCount imap = new ImapMessageCount(imapPort, RECIPIENT, password);
             SourceAddressRelay relay = new SourceAddressRelay(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", smtpPort))) {
            // a fresh JVM: the first mails pay for class loading and JIT, alike in every configuration
            Batch warmUp = send(relay, imap, http, webAdmin, warmUpMails, 0, sessions, timeout, smtpSourceLog);
            Batch measured = send(relay, imap, http, webAdmin, mails, warmUp.processed(), sessions, timeout, smtpSourceLog);
            System.out.printf(Locale.ROOT, "%d %.2f %.1f %d %d %d %d%n", measured.processed() - warmUp.processed(), measured.seconds(),
                (measured.processed() - warmUp.processed()) / measured.seconds(), measured.inbox() - warmUp.inbox(),
                measured.spam() - warmUp.spam(), relay.connections(), measured.smtpSourceExit());
        }
    }

    record Batch(long processed, long inbox, long spam, double seconds, int smtpSourceExit) {
    }

    /** Sends {@code mails} and waits until James has processed {@code alreadyProcessed + mails} in all. */
    private static Batch send(SourceAddressRelay relay, ImapMessageCount imap, HttpClient http, String webAdmin, int mails, long alreadyProcessed,
                              int sessions, Duration timeout, Path log) throws Exception {
        List<String> command = List.of("smtp-source", "-s", String.valueOf(sessions), "-m", String.valueOf(mails),
            "-f", "sender@example.org", "-t", RECIPIENT, "-M", "client.example.org", "-l", "2048",
            "127.0.0.1:" + relay.port());
        long start = System.nanoTime();
        Process source = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = start + timeout.toNanos();
        long inbox = 0;
        long spam = 0;
        while (System.nanoTime() < deadline) {
            inbox = imap.inbox();
            spam = spamCount(http, webAdmin);
            if (inbox + spam >= alreadyProcessed + mails) {
                break;
            }
            Thread.sleep(100);
        }
        long elapsed = System.nanoTime() - start;
        source.waitFor();
        return new Batch(inbox + spam, inbox, spam, elapsed / 1e9, source.exitValue());
    }

    /** The spam repository appears with its first mail; absent means empty. */
    private static long spamCount(HttpClient http, String webAdmin) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create(webAdmin + "/mailRepositories/var%2Fmail%2Fspam")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return 0;
        }
        Matcher size = SIZE.matcher(response.body());
        return size.find() ? Long.parseLong(size.group(1)) : 0;
    }
}
