package org.bounceguard.it.support;

import org.bounceguard.testsupport.JamesNode;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.modules.server.JMXServerModule;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;

/**
 * A real James 3.8.1 memory server laid out the way an operator deploys Bounceguard: the
 * repository's {@code conf/} copied as is into the working directory, the extension JAR in
 * {@code extensions-jars/} (loaded by James's extension class loader, never from the test
 * classpath), JMX on as in {@code conf/jmx.properties}.
 *
 * <p>Engine settings that depend on the test (the rbldnsd port, checking loopback clients) are
 * given as {@code bounceguard.*} system properties, the documented override of
 * {@code conf/bounceguard.properties}; one James runs per test JVM (see the failsafe config).
 * Secrets (the test keys, a Redis URL with a password) are written into the working directory's
 * {@code bounceguard.properties} instead: Bounceguard refuses them as system properties.
 */
public final class BounceguardJames {
    public static final String DOMAIN = TestMail.DOMAIN;
    public static final String ALICE = TestMail.ALICE;
    public static final String ALICE_PASSWORD = "alice-password";
    /** conf/jmx.properties */
    public static final int JMX_PORT = 9999;

    /** The tests' BATV keys (the sample conf has none: every installation makes its own). */
    public static final String TEST_BATV_KEYS = "1:integration-test-key-one,0:integration-test-key-zero";
    public static final String TEST_LEDGER_SECRET = "integration-test-ledger-secret";
    public static final String TEST_SRS_KEYS = "integration-test-srs-secret,integration-test-srs-older";
    /** The tests' Spamhaus DQS key: no log line, header, MBean or WebAdmin answer may show it. */
    public static final String TEST_DQS_KEY = "secretkey123";
    private static final Set<String> SECRETS = Set.of("batv.keys", "ledger.secret", "dnsbl.keys", "srs.keys");

    private static volatile Path workingDirectory;

    private BounceguardJames() {
    }

    /** The running server's working directory (one James per test JVM). */
    public static Path workingDirectory() {
        return workingDirectory;
    }

    /**
     * The James of {@link StandardSetUp}, which test classes register instead.
     *
     * @param remoteDeliveryGateway when present, RemoteDelivery relays through this host:port (a
     *     test "remote MTA") instead of looking up MX records, as an operator would add {@code <gateway>}
     * @param confEdits literal replacements in copied conf files (file name → {text → replacement}),
     *     for the few tests that exercise an option the sample leaves off; each must match
     */
    static JamesServerExtension extension(Supplier<Map<String, String>> bounceguardProperties,
                                         Supplier<Optional<String>> remoteDeliveryGateway,
                                         Map<String, Map<String, String>> confEdits) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(workingDirectory -> {
            Map<String, String> settings = bounceguardProperties.get();
            layOut(workingDirectory.toPath(), settings);
            overridesOf(settings).forEach((key, value) -> System.setProperty("bounceguard." + key, value));
            remoteDeliveryGateway.get().ifPresent(gateway -> setGateway(workingDirectory.toPath(), gateway));
            confEdits.forEach((file, edits) -> edit(workingDirectory.toPath().resolve("conf").resolve(file), edits));
            BounceguardJames.workingDirectory = workingDirectory.toPath();
            return MemoryJamesConfiguration.builder()
                .workingDirectory(workingDirectory)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build();
        })
            .server(configuration -> MemoryJamesServerMain.createServer(configuration)
                .combineWith(new FakeSearchMailboxModule(), new JMXServerModule()))
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    /**
     * Starts James from conf/ with these edits and returns why it refused to start (the root of
     * the exception chain and its causes, as one text); fails if it started.
     */
    public static String startupFailure(Path workingDirectory, Map<String, String> bounceguardProperties,
                                        Map<String, Map<String, String>> confEdits) throws Exception {
        try {
            GuiceJamesServer server = laidOutServer(workingDirectory, bounceguardProperties, confEdits);
            try {
                server.start();
            } catch (Throwable failure) {
                StringBuilder text = new StringBuilder();
                for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                    text.append(cause).append('\n');
                }
                return text.toString();
            } finally {
                server.stop();
            }
            throw new AssertionError("James started although the configuration is broken");
        } finally {
            bounceguardProperties.keySet().forEach(key -> System.clearProperty("bounceguard." + key));
        }
    }

    /**
     * Starts James from conf/ with these edits (no JMX connector), runs {@code whileUp}, stops it;
     * for tests of what James does at start-up.
     */
    public static void startAndStop(Path workingDirectory, Map<String, String> bounceguardProperties,
                                    Map<String, Map<String, String>> confEdits, Runnable whileUp) throws Exception {
        try {
            GuiceJamesServer server = laidOutServer(workingDirectory, bounceguardProperties, confEdits);
            try {
                server.start();
                whileUp.run();
            } finally {
                server.stop();
            }
        } finally {
            bounceguardProperties.keySet().forEach(key -> System.clearProperty("bounceguard." + key));
        }
    }

    private static GuiceJamesServer laidOutServer(Path workingDirectory, Map<String, String> bounceguardProperties,
                                                  Map<String, Map<String, String>> confEdits) throws InterruptedException {
        // a start that gets as far as the SMTP server binds the sample's fixed ports
        StandardSetUp.awaitSampleListenersFree();
        layOut(workingDirectory, bounceguardProperties);
        overridesOf(bounceguardProperties).forEach((key, value) -> System.setProperty("bounceguard." + key, value));
        confEdits.forEach((file, edits) -> edit(workingDirectory.resolve("conf").resolve(file), edits));
        return MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
                .workingDirectory(workingDirectory.toFile())
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build())
            .combineWith(new FakeSearchMailboxModule());
    }

    private static void edit(Path file, Map<String, String> edits) {
        try {
            String text = Files.readString(file);
            for (Map.Entry<String, String> edit : edits.entrySet()) {
                if (!text.contains(edit.getKey())) {
                    throw new IllegalStateException(file + " does not contain " + edit.getKey());
                }
                text = text.replace(edit.getKey(), edit.getValue());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setGateway(Path workingDirectory, String gateway) {
        Path mailetContainer = workingDirectory.resolve("conf/mailetcontainer.xml");
        try {
            String xml = Files.readString(mailetContainer);
            String marker = "class=\"RemoteDelivery\">";
            if (!xml.contains(marker)) {
                throw new IllegalStateException("conf/mailetcontainer.xml has no RemoteDelivery mailet to point at " + gateway);
            }
            Files.writeString(mailetContainer, xml.replace(marker, marker + "\n                <gateway>" + gateway + "</gateway>"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies conf/ and the extension JAR into a fresh James working directory, and writes the
     * secrets among {@code settings} (the test keys unless the test names a keys file) into its
     * {@code bounceguard.properties}, as an operator does: Bounceguard takes no secret from a
     * system property, which the JVM shows over JMX.
     */
    private static void layOut(Path workingDirectory, Map<String, String> settings) {
        Path conf = requiredDirectory("bounceguard.conf.dir");
        Path extensions = requiredDirectory("bounceguard.extensions.dir");
        copyTree(conf, workingDirectory.resolve("conf"));
        copyTree(extensions, workingDirectory.resolve("extensions-jars"));
        Map<String, String> secrets = new LinkedHashMap<>();
        if (!settings.containsKey("batv.keysFile")) {
            secrets.put("batv.keys", TEST_BATV_KEYS);
        }
        if (!settings.containsKey("ledger.secretFile")) {
            secrets.put("ledger.secret", TEST_LEDGER_SECRET);
        }
        if (!settings.containsKey("srs.keysFile")) {
            secrets.put("srs.keys", TEST_SRS_KEYS);
        }
        settings.forEach((key, value) -> {
            if (isSecret(key, value)) {
                secrets.put(key, value);
            }
        });
        Path properties = workingDirectory.resolve("conf/bounceguard.properties");
        try {
            String text = Files.readString(properties);
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                Matcher line = Pattern.compile("(?m)^" + Pattern.quote(secret.getKey()) + "=.*$").matcher(text);
                String written = secret.getKey() + "=" + secret.getValue();
                text = line.find() ? line.replaceFirst(Matcher.quoteReplacement(written)) : text + "\n" + written + "\n";
            }
            Files.writeString(properties, text);
            Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings given as {@code bounceguard.*} system properties: all but the secrets. */
    private static Map<String, String> overridesOf(Map<String, String> settings) {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.entrySet().removeIf(setting -> isSecret(setting.getKey(), setting.getValue()));
        return overrides;
    }

    /** What Bounceguard refuses as a system property: keys, the ledger secret, a Redis URL with credentials. */
    private static boolean isSecret(String key, String value) {
        return SECRETS.contains(key) || key.equals("redis.url") && value.contains("@");
    }

    /**
     * Another James from conf/ in its own JVM, on free ports, beside the test's own: laid out like
     * {@code scripts/run}, started with {@code MemoryJamesServerMain} from the test's classpath (James's
     * memory app and its libraries, not the extension), with the same test keys and these settings.
     */
    public static JamesNode startAnotherNode(Path workingDirectory, Map<String, String> bounceguardProperties,
                                             Optional<String> remoteDeliveryGateway) throws Exception {
        JamesNode.Ports ports = JamesNode.Ports.free();
        layOut(workingDirectory, bounceguardProperties);
        Path conf = workingDirectory.resolve("conf");
        edit(conf.resolve("smtpserver.xml"), Map.of(
            "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:" + ports.smtp() + "</bind>",
            "<bind>127.0.0.1:2526</bind>", "<bind>127.0.0.1:" + ports.acceptThenCheck() + "</bind>"));
        edit(conf.resolve("imapserver.xml"), Map.of("<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:" + ports.imap() + "</bind>"));
        edit(conf.resolve("webadmin.properties"), Map.of("port=8000", "port=" + ports.webAdmin()));
        edit(conf.resolve("jmx.properties"), Map.of("jmx.port=" + JMX_PORT, "jmx.port=" + ports.jmx()));
        remoteDeliveryGateway.ifPresent(gateway -> setGateway(workingDirectory, gateway));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Dworking.directory=" + workingDirectory,
            "-Dlogback.configurationFile=" + conf.resolve("logback.xml")));
        overridesOf(bounceguardProperties).forEach((key, value) -> command.add("-Dbounceguard." + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.apache.james.MemoryJamesServerMain"));
        return JamesNode.start(workingDirectory, ports, command, Duration.ofSeconds(180));
    }

    public static Imap imap(JamesNode node) {
        return new Imap("127.0.0.1", node.ports().imap());
    }

    public static WebAdmin webAdmin(JamesNode node) {
        return new WebAdmin("127.0.0.1", node.ports().webAdmin());
    }

    public static void provisionAlice(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).addUser(ALICE, ALICE_PASSWORD);
    }

    public static SmtpClient smtp(GuiceJamesServer server) {
        return new SmtpClient("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue());
    }

    public static Imap imap(GuiceJamesServer server) {
        return new Imap("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort());
    }

    public static WebAdmin webAdmin(GuiceJamesServer server) {
        return new WebAdmin("127.0.0.1", server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue());
    }

    private static Path requiredDirectory(String property) {
        String value = System.getProperty(property);
        if (value == null || !new File(value).isDirectory()) {
            throw new IllegalStateException("system property " + property + " must name a directory (set by the failsafe config); got " + value);
        }
        return Path.of(value);
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
