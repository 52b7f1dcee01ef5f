package org.bounceguard.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Postfix (Debian's package) as a remote mail domain: a private instance with its own
 * configuration, queue and log under a temporary directory, listening on a random loopback port.
 * It delivers its known users into mbox files the test reads, bounces every other user of its
 * domain itself (so the DSNs a test sees are Postfix's own), and sends mail for the domains routed
 * to James through James's SMTP port, connecting from {@link #connectFrom(String) a chosen
 * loopback address} - a listed or an unlisted peer.
 */
public final class PostfixPeer implements TestServer {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String AUTO_REPLY_SCRIPT = String.join("\n",
        "import email, os, smtplib, sys",
        "original = email.message_from_bytes(sys.stdin.buffer.read())",
        "sender = os.environ.get('SENDER', '')",
        "if sender:",
        "    reply = ('From: ' + os.environ['RECIPIENT'] + '\\r\\nTo: ' + sender + '\\r\\nSubject: Auto: ' + str(original.get('Subject', ''))",
        "             + '\\r\\nAuto-Submitted: auto-replied\\r\\nIn-Reply-To: ' + str(original.get('Message-ID', ''))",
        "             + '\\r\\n\\r\\nI am away until Monday.\\r\\n')",
        "    with smtplib.SMTP('127.0.0.1', PORT) as smtp:",
        "        smtp.sendmail('', [sender], reply)",
        "");

    private final String domain;
    private final List<String> users = new ArrayList<>();
    private final Map<String, IntSupplier> routedToJames = new LinkedHashMap<>();
    private final List<String> catchAllPatterns = new ArrayList<>();
    private final List<String> refusedAtRcpt = new ArrayList<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<String> autoReplying = new ArrayList<>();
    private String sourceAddress = "127.0.0.1";
    private boolean reportsDoubleBounces;
    private Path dir;
    private int port;
    private int fixedPort;
    private boolean refusesUnknownUsers;
    private boolean acceptsEveryLocalPart;
    private final List<String> alsoServed = new ArrayList<>();

    /** A remote domain served by Postfix; {@code postmaster} always has a mailbox. */
    public PostfixPeer(String domain) {
        this.domain = domain;
        users.add("postmaster");
    }

    /** A user of the remote domain with a mailbox; every other local part is bounced by Postfix. */
    public PostfixPeer user(String localPart) {
        users.add(localPart);
        return this;
    }

    /** Mail for {@code jamesDomain} goes to James's SMTP port (asked when Postfix starts or reloads). */
    public PostfixPeer routes(String jamesDomain, IntSupplier jamesSmtpPort) {
        routedToJames.put(jamesDomain, jamesSmtpPort);
        return this;
    }

    /** Every local part matching {@code localPartRegex} (a Java/PCRE-like regular expression) lands in the {@code catchall} mailbox. */
    public PostfixPeer catchAll(String localPartRegex) {
        catchAllPatterns.add(localPartRegex);
        users.add("catchall");
        return this;
    }

    /** {@code localPart} is an alias that Postfix expands to {@code target} (a local part, or a full address). */
    public PostfixPeer alias(String localPart, String target) {
        aliases.put(localPart, target);
        return this;
    }

    /**
     * This user answers every mail with an RFC 3834 auto-reply, the way a vacation program does:
     * from {@code <>} to the envelope sender, {@code Auto-Submitted: auto-replied}, the original's
     * Message-ID in {@code In-Reply-To}, sent through this Postfix (so it reaches James like any
     * mail of this domain). Subject: {@code Auto: } and the original's subject.
     */
    public PostfixPeer autoReplies(String localPart) {
        autoReplying.add(localPart);
        return this;
    }

    /** This user is refused at RCPT ({@code 550 5.1.1}): the sending server, not Postfix, writes the NDR. */
    public PostfixPeer refusesAtRcpt(String localPart) {
        refusedAtRcpt.add(localPart);
        return this;
    }

    /**
     * A bounce of its own that the destination refuses (a double bounce) goes to its
     * {@code postmaster} mailbox instead of being dropped: a test sees what the destination refused.
     */
    public PostfixPeer reportsDoubleBounces() {
        reportsDoubleBounces = true;
        return this;
    }

    /**
     * As the backend of a relayed domain: unknown users are refused at RCPT
     * ({@code local_recipient_maps} lists the known ones), as Exchange or any backend should.
     */
    public PostfixPeer refusesUnknownUsers() {
        refusesUnknownUsers = true;
        return this;
    }

    /** An accept-all backend: every local part is accepted at RCPT and delivered to {@code catchall} ({@code luser_relay}). */
    public PostfixPeer acceptsEveryLocalPart() {
        acceptsEveryLocalPart = true;
        users.add("catchall");
        return this;
    }

    /** {@code otherDomain} is a local domain of this Postfix too, with the same users (another name of the same mailboxes). */
    public PostfixPeer alsoServes(String otherDomain) {
        alsoServed.add(otherDomain);
        return this;
    }

    /** Listens on this port instead of a random one (a port the test chose free, for a configuration written before start). */
    public PostfixPeer port(int fixed) {
        fixedPort = fixed;
        return this;
    }

    /** A loopback port free now, for {@link #port(int)}. */
    public static int choosePort() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String domain() {
        return domain;
    }

    /** Where James's RemoteDelivery should relay to ({@code gateway}). */
    public String gateway() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public SmtpClient smtp() {
        return new SmtpClient("127.0.0.1", port);
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
            throw new IllegalStateException("/usr/sbin/postfix is missing: run scripts/test (it installs the Debian package postfix)");
        }
        dir = Files.createTempDirectory("postfix-" + domain);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String sub : List.of("etc", "spool", "data")) {
            Files.createDirectories(dir.resolve(sub));
        }
        // local(8) writes the mbox files as the unprivileged default user
        Files.createDirectories(mailboxes());
        Files.setPosixFilePermissions(mailboxes(), PosixFilePermissions.fromString("rwxrwxrwx"));
        run("chown", "postfix", dir.resolve("data").toString());
        port = fixedPort > 0 ? fixedPort : freePort();
        writeConfiguration();
        run("/usr/sbin/postfix", "-c", etc(), "start");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("maillog"))
            && Files.readString(dir.resolve("maillog")).contains("daemon started"));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    /** The address Postfix connects from when it sends to James: a listed or an unlisted peer. */
    public synchronized void connectFrom(String loopbackAddress) throws IOException, InterruptedException {
        sourceAddress = loopbackAddress;
        if (dir != null) {
            run("/usr/sbin/postconf", "-c", etc(), "-e", "smtp_bind_address=" + loopbackAddress);
            run("/usr/sbin/postfix", "-c", etc(), "reload");
        }
    }

    /** Starts this Postfix again after {@link #stop()}, same configuration, queue and mailboxes. */
    public synchronized void restart() throws IOException, InterruptedException {
        run("/usr/sbin/postfix", "-c", etc(), "start");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }

    @Override
    public synchronized void stop() throws IOException, InterruptedException {
        if (dir != null) {
            run("/usr/sbin/postfix", "-c", etc(), "stop");
        }
    }

    /** The messages delivered to a user's mbox so far, each as raw text (the mbox "From " line removed). */
    public List<String> mailbox(String localPart) throws IOException {
        Path mbox = mailboxes().resolve(localPart);
        if (!Files.exists(mbox)) {
            return List.of();
        }
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(mbox, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("From ")) {
                if (current != null) {
                    messages.add(current.toString());
                }
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append("\r\n");
            }
        }
        if (current != null) {
            messages.add(current.toString());
        }
        return messages;
    }

    /** Waits until a message satisfying {@code test} is in the user's mbox, and returns it. */
    public String awaitInMailbox(String localPart, Predicate<String> test) {
        return await().atMost(PATIENCE).ignoreExceptions()
            .until(() -> mailbox(localPart).stream().filter(test).findFirst(), Optional::isPresent)
            .get();
    }

    /** Messages still in Postfix's queue (arriving, being delivered, deferred), counted from the queue directories. */
    public long queued() throws IOException {
        long count = 0;
        for (String queue : List.of("maildrop", "incoming", "active", "deferred", "hold")) {
            Path directory = dir.resolve("spool").resolve(queue);
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    count += files.filter(Files::isRegularFile).count();
                }
            }
        }
        return count;
    }

    /** Postfix's log: {@code status=sent|bounced|deferred} per recipient, DSNs it wrote, connections it made. */
    public String log() throws IOException {
        Path log = dir.resolve("maillog");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** Waits until a log line contains every one of {@code parts}, and returns that line. */
    public String awaitLogLine(String... parts) {
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> log().lines()
            .filter(line -> Stream.of(parts).allMatch(line::contains))
            .findFirst(), Optional::isPresent).get();
    }

    private Path mailboxes() {
        return dir.resolve("mailboxes");
    }

    private String etc() {
        return dir.resolve("etc").toString();
    }

    private void writeConfiguration() throws IOException, InterruptedException {
        Path etc = dir.resolve("etc");
        String main = String.join("\n",
            "compatibility_level = 3.6",
            "queue_directory = " + dir.resolve("spool"),
            "data_directory = " + dir.resolve("data"),
            "command_directory = /usr/sbin",
            "daemon_directory = /usr/lib/postfix/sbin",
            "meta_directory = /etc/postfix",
            "shlib_directory = /usr/lib/postfix",
            "mail_owner = postfix",
            "setgid_group = postdrop",
            "maillog_file = " + dir.resolve("maillog"),
            "maillog_file_prefixes = " + dir,
            "inet_interfaces = 127.0.0.1",
            "inet_protocols = ipv4",
            "mynetworks = 127.0.0.0/8",
            "myhostname = mx." + domain,
            "mydomain = " + domain,
            "myorigin = " + domain,
            "mydestination = " + String.join(", ", Stream.concat(Stream.of(domain), alsoServed.stream()).toList()),
            // unknown users are accepted at RCPT and bounced by local(8): Postfix writes the DSN;
            // as a relayed domain's backend, refused at RCPT instead
            refusesUnknownUsers ? "local_recipient_maps = hash:" + etc.resolve("local_users") : "local_recipient_maps =",
            acceptsEveryLocalPart ? "luser_relay = catchall" : "",
            // system accounts (nobody, root...) are not users of this domain either
            "mailbox_transport = error:5.1.1 no such user here",
            "alias_maps = hash:" + etc.resolve("aliases"),
            "alias_database = hash:" + etc.resolve("aliases"),
            "allow_mail_to_files = alias,forward,include",
            "transport_maps = hash:" + etc.resolve("transport"),
            "virtual_alias_maps = regexp:" + etc.resolve("catchall"),
            "smtpd_recipient_restrictions = check_recipient_access hash:" + etc.resolve("refused")
                + ", permit_mynetworks, reject_unauth_destination",
            "smtp_dns_support_level = disabled",
            "smtp_host_lookup = native",
            "smtpd_peername_lookup = no",
            "smtp_bind_address = " + sourceAddress,
            "biff = no",
            "minimal_backoff_time = 2s",
            "maximal_backoff_time = 4s",
            "queue_run_delay = 2s",
            "maximal_queue_lifetime = 10m",
            "bounce_queue_lifetime = 10m",
            reportsDoubleBounces ? "notify_classes = resource, software, 2bounce" : "",
            "");
        Files.writeString(etc.resolve("main.cf"), main);
        String[] services = {
            "127.0.0.1:" + port + " inet n - n - - smtpd",
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap",
            "smtp unix - - n - - smtp",
            "relay unix - - n - - smtp",
            "showq unix n - n - - showq",
            "error unix - - n - - error",
            "retry unix - - n - - error",
            "discard unix - - n - - discard",
            "local unix - n n - - local",
            "virtual unix - n n - - virtual",
            "lmtp unix - - n - - lmtp",
            "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache",
            "postlog unix-dgram n - n - 1 postlogd",
        };
        Files.writeString(etc.resolve("master.cf"), String.join("\n", services) + "\n");
        StringBuilder aliases = new StringBuilder();
        users.forEach(user -> aliases.append(user).append(": ").append(mailboxes().resolve(user)).append('\n'));
        this.aliases.forEach((alias, target) -> aliases.append(alias).append(": ").append(target).append('\n'));
        if (!autoReplying.isEmpty()) {
            Path script = dir.resolve("autoreply.py");
            Files.writeString(script, AUTO_REPLY_SCRIPT.replace("PORT", Integer.toString(port)));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            // local(8) runs the command as an unprivileged user, with SENDER and RECIPIENT set
            autoReplying.forEach(user -> aliases.append(user).append(": \"|/usr/bin/python3 ").append(script).append("\"\n"));
        }
        Files.writeString(etc.resolve("aliases"), aliases);
        StringBuilder transport = new StringBuilder();
        routedToJames.forEach((jamesDomain, smtpPort) ->
            transport.append(jamesDomain).append(" smtp:[127.0.0.1]:").append(smtpPort.getAsInt()).append('\n'));
        Files.writeString(etc.resolve("transport"), transport);
        StringBuilder catchAll = new StringBuilder();
        catchAllPatterns.forEach(pattern -> catchAll.append("/^(").append(pattern).append(")@").append(domain.replace(".", "\\."))
            .append("$/ catchall@").append(domain).append('\n'));
        Files.writeString(etc.resolve("catchall"), catchAll);
        StringBuilder refused = new StringBuilder();
        refusedAtRcpt.forEach(user -> refused.append(user).append('@').append(domain).append(" REJECT 5.1.1 no such user here\n"));
        Files.writeString(etc.resolve("refused"), refused);
        StringBuilder localUsers = new StringBuilder();
        for (String served : Stream.concat(Stream.of(domain), alsoServed.stream()).toList()) {
            users.forEach(user -> localUsers.append(user).append('@').append(served).append(" x\n"));
            this.aliases.keySet().forEach(alias -> localUsers.append(alias).append('@').append(served).append(" x\n"));
        }
        Files.writeString(etc.resolve("local_users"), localUsers);
        run("/usr/sbin/postmap", "-c", etc(), etc.resolve("local_users").toString());
        run("/usr/sbin/postmap", "-c", etc(), etc.resolve("refused").toString());
        run("/usr/sbin/postalias", "-c", etc(), etc.resolve("aliases").toString());
        run("/usr/sbin/postmap", "-c", etc(), etc.resolve("transport").toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
