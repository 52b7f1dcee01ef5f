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

import org.bounceguard.benchmarks.ProcessCpu;

/**
 * One load run against a started James: postfix's smtp-source sends {@code mails} messages in
 * {@code sessions} parallel SMTP sessions (one message per connection) through
 * {@link SourceAddressRelay}, and the clock runs from its start until smtp-source has handed every
 * mail over and James's spool queue is empty (queued and in-process mails: the memory queue counts
 * a mail until the spooler has finished with it), polled every 100 ms over WebAdmin. Then the
 * mails are counted where they landed: the recipients' INBOXes (IMAP STATUS) and the spam
 * repository (WebAdmin).
 *
 * <p>With {@code mailboxes} = 1 every mail goes to alice, as smtp-source sends it; with more, the
 * relay gives connection {@code n} the recipient {@code rcpt<n % mailboxes>@bounceguard.test}
 * (users the caller has created, password {@code password}), so that no mailbox grows large.
 *
 * <p>Arguments: {@code jamesSmtpPort webAdminPort warmUpMails mails sessions timeoutSeconds smtpSourceLog imapPort password [mailboxes [jamesPid [fixturePids]]]}.
 * Prints, for the measured batch: {@code processed seconds mailsPerSecond inbox spam relayConnections smtpSourceExit cpuSeconds fixtureCpuSeconds},
 * where {@code cpuSeconds} is the CPU (user + system, every thread) the James process {@code jamesPid} used from the
 * start of the measured batch to its end, warm-up excluded ({@code -1} without a pid), and {@code fixtureCpuSeconds}
 * the same for the processes {@code fixturePids} (comma-separated: the DNS fixture, which shares the machine), then
 * {@code jitCpuSeconds}: the part of {@code cpuSeconds} that James's JIT compiler threads used.
 */
public final class SmtpSourceRun {
    private static final String RECIPIENT = "alice@bounceguard.test";
    private static final Pattern SIZE = Pattern.compile("\"size\"\\s*:\\s*(\\d+)");

    private SmtpSourceRun() {
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
        int mailboxes = args.length > 9 ? Integer.parseInt(args[9]) : 1;
        long jamesPid = args.length > 10 ? Long.parseLong(args[10]) : -1;
        List<Long> fixturePids = args.length > 11 && !args[11].isBlank()
            ? java.util.Arrays.stream(args[11].split(",")).map(String::trim).map(Long::parseLong).toList() : List.of();
        List<String> recipients = mailboxes == 1 ? List.of(RECIPIENT)
            : java.util.stream.IntStream.range(0, mailboxes).mapToObj(i -> "rcpt" + i + "@bounceguard.test").toList();
        HttpClient http = HttpClient.newHttpClient();
        String webAdmin = "http://127.0.0.1:" + webAdminPort;
        Counter counter = () -> inboxes(imapPort, recipients, password);

        try (SourceAddressRelay relay = new SourceAddressRelay(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", smtpPort), mailboxes == 1 ? null : n -> recipients.get(n % mailboxes))) {
            // a fresh JVM: the first mails pay for class loading and JIT, alike in every configuration
            Batch warmUp = send(relay, counter, http, webAdmin, warmUpMails, sessions, timeout, smtpSourceLog);
            String warmMarker = System.getProperty("warm.marker");
            if (warmMarker != null) {
                // benchmarks/end-to-end starts its profile when this appears
                java.nio.file.Files.writeString(Path.of(warmMarker), "warm\n");
            }
            double cpuBefore = jamesPid < 0 ? 0 : ProcessCpu.seconds(jamesPid);
            double fixtureBefore = ProcessCpu.seconds(fixturePids);
            double jitBefore = jamesPid < 0 ? 0 : ProcessCpu.compilerThreadSeconds(jamesPid);
            Batch measured = send(relay, counter, http, webAdmin, mails, sessions, timeout, smtpSourceLog);
            double cpu = jamesPid < 0 ? -1 : ProcessCpu.seconds(jamesPid) - cpuBefore;
            double fixtureCpu = fixturePids.isEmpty() ? -1 : ProcessCpu.seconds(fixturePids) - fixtureBefore;
            double jitCpu = jamesPid < 0 ? -1 : ProcessCpu.compilerThreadSeconds(jamesPid) - jitBefore;
            System.out.printf(Locale.ROOT, "%d %.2f %.1f %d %d %d %d %.3f %.3f %.3f%n", measured.processed() - warmUp.processed(), measured.seconds(),
                (measured.processed() - warmUp.processed()) / measured.seconds(), measured.inbox() - warmUp.inbox(),
                measured.spam() - warmUp.spam(), relay.connections(), measured.smtpSourceExit(), cpu, fixtureCpu, jitCpu);
        }
    }

    /** The INBOX messages of all recipients, now. */
    interface Counter {
        long inboxes() throws IOException;
    }

    private static long inboxes(int imapPort, List<String> recipients, String password) throws IOException {
        long total = 0;
        for (String recipient : recipients) {
            try (ImapMessageCount imap = new ImapMessageCount(imapPort, recipient, password)) {
                total += imap.inbox();
            }
        }
        return total;
    }

    record Batch(long processed, long inbox, long spam, double seconds, int smtpSourceExit) {
    }

    /** Sends {@code mails}, waits until James's spool is empty, then counts where all mails so far landed. */
    private static Batch send(SourceAddressRelay relay, Counter counter, HttpClient http, String webAdmin, int mails,
                              int sessions, Duration timeout, Path log) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("smtp-source", "-s", String.valueOf(sessions), "-m", String.valueOf(mails),
            "-f", "sender@example.org", "-t", RECIPIENT, "-M", "client.example.org", "-l", "2048"));
        String pause = System.getProperty("smtp.source.wait", "");
        if (!pause.isBlank()) {
            // each session waits this many seconds between its messages: a fixed offered load
            command.addAll(List.of("-w", pause));
        }
        command.add("127.0.0.1:" + relay.port());
        long start = System.nanoTime();
        Process source = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!source.isAlive() && size(http, webAdmin + "/mailQueues/spool", false) == 0) {
                break;
            }
            Thread.sleep(100);
        }
        long elapsed = System.nanoTime() - start;
        source.waitFor();
        long inbox = counter.inboxes();
        long spam = size(http, webAdmin + "/mailRepositories/var%2Fmail%2Fspam", true);
        return new Batch(inbox + spam, inbox, spam, elapsed / 1e9, source.exitValue());
    }

    /** The {@code size} of a WebAdmin queue or repository; a repository appears with its first mail, so absent can mean empty. */
    private static long size(HttpClient http, String url, boolean absentIsEmpty) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && absentIsEmpty) {
            return 0;
        }
        Matcher size = SIZE.matcher(response.body());
        if (response.statusCode() != 200 || !size.find()) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(size.group(1));
    }
}
