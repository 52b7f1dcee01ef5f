package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.apache.james.modules.server.JMXServerModule;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BatvTags;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.InstallRecipe;
import org.bounceguard.it.support.Mails;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;

/**
 * The README's install section, followed to the letter on James 3.8.1's own default
 * configuration: the {@code mailetcontainer.xml} of james-server-mailetcontainer-api-3.8.1.jar,
 * the {@code smtpserver.xml} of james-server-protocols-smtp-3.8.1.jar (both read from those jars
 * now), James's built-in defaults for every file left out, and a log configuration with root at
 * WARN as James's stock {@code logback.xml} has it. The recipe's snippets come out of docs/install/README.md
 * ({@link InstallRecipe}); if this test fails, the README is wrong.
 *
 * <p>What the test environment changes besides, none of it Bounceguard's: the listeners bind
 * 127.0.0.1 on this project's test ports (2525, 1143; James's defaults are 25 and 143 on every
 * interface); the memory server knows only {@code memory://} repositories, so James's
 * {@code file://} URLs become {@code memory://}; {@code transport} gets the
 * {@code RemoveMimeHeader name=bcc} mailet that James's Guice start-up check demands and that
 * James's own default lacks; RemoteDelivery relays through a gateway (a real Postfix serving
 * remote.example); WebAdmin is turned on (127.0.0.1:8000) to read the repositories. James's DNS
 * service keeps its defaults; Bounceguard asks rbldnsd ({@code dns.servers}, the value the README
 * leaves to the reader).
 */
class InstallRecipeIT {
    /** zen.spamhaus.org lists it (weight 3): quarantined by the recipe's DnsblScoreAtLeast=3. */
    static final String ZEN_LISTED = "127.3.0.1";
    /** bl.spamcop.net lists it (weight 2): below the quarantine rule, so its mail reaches the bounce paths. */
    static final String SPAMCOP_LISTED = "127.2.0.1";
    static final String CLEAN = "127.1.1.1";
    static final String ALICE_USER = "alice";
    static final int SMTP_PORT = 2525;
    static final int WEBADMIN_PORT = 8000;
    static final String TEST_BATV_KEY = "1:0123456789abcdef0123456789abcdef";
    static final String TEST_LEDGER_SECRET = "fedcba9876543210fedcba9876543210";
    private static final String NDR_SUPPRESSION = "org.bounceguard:type=NdrSuppression";

    static final Path LOG = temporaryFile("bounceguard-install-recipe", ".log");
    private static volatile Path workingDirectory;

    @RegisterExtension
    @Order(0)
    static BeforeAllCallback logging = context -> logWithRootAtWarnPlusTheReadmesLine();

    @RegisterExtension
    @Order(1)
    static Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("zen.spamhaus.org", "ip4set", ZEN_LISTED)
        .zone("bl.spamcop.net", "ip4set", SPAMCOP_LISTED)
        // the senders' domain can receive mail: the guard's sender-domain check passes
        .zone("remote.example", "generic", "@ MX 10 mx.remote.example.", "mx A 192.0.2.25");

    /** The remote domain behind RemoteDelivery's gateway: its users' senders, and recipients it refuses at RCPT. */
    @RegisterExtension
    @Order(2)
    static PostfixPeer remote = new PostfixPeer("remote.example")
        .user("mallory").user("carol")
        .refusesAtRcpt("reject-m").refusesAtRcpt("reject-c");

    @RegisterExtension
    @Order(3)
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(InstallRecipeIT::layOut)
        .server(configuration -> MemoryJamesServerMain.createServer(configuration)
            .combineWith(new FakeSearchMailboxModule(), new JMXServerModule()))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).addDomain(BounceguardJames.DOMAIN);
        // forwards chained past James's mapping limit (10): RecipientRewriteTable fails on them
        for (int hop = 0; hop < 15; hop++) {
            server.getProbe(DataProbeImpl.class).addAddressMapping("chain-" + hop, BounceguardJames.DOMAIN,
                "chain-" + (hop + 1) + "@" + BounceguardJames.DOMAIN);
        }
        // James's default users repository has no virtual hosting: user names are local parts
        server.getProbe(DataProbeImpl.class).addUser(ALICE_USER, BounceguardJames.ALICE_PASSWORD);
    }

    @Test
    void listedClientIsQuarantinedAndCleanClientDelivered(GuiceJamesServer server) throws Exception {
        send(ZEN_LISTED, "zoe@example.net", BounceguardJames.ALICE, "from a zen-listed client");
        send(CLEAN, "carl@example.net", BounceguardJames.ALICE, "from a clean client");

        JsonNode quarantined = Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "from a zen-listed client");
        assertThat(Mails.headerValue(quarantined, "X-Bounceguard-Dnsbl")).contains("score=3").contains("zen.spamhaus.org");
        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE_USER, BounceguardJames.ALICE_PASSWORD, "from a clean client");
        assertThat(delivered.header("X-Bounceguard-Dnsbl")).contains("client=" + CLEAN).contains("score=0").contains("listed=none");
        Mails.assertNotInInbox(server, ALICE_USER, BounceguardJames.ALICE_PASSWORD, "from a zen-listed client");
    }

    @Test
    void remoteFailureGetsNoNdrForAListedSourceBelowQuarantineAndADsnForACleanOne() throws Exception {
        long suppressedBefore = suppressedFor("dnsbl-listed");
        send(SPAMCOP_LISTED, "mallory@remote.example", "reject-m@remote.example", "relayed from a spamcop-listed client");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> suppressedFor("dnsbl-listed") > suppressedBefore);

        // sent after the listed client's NDR was decided: its DSN arriving means that decision's NDR would have too
        send(CLEAN, "carol@remote.example", "reject-c@remote.example", "relayed from a clean client");
        String dsn = remote.awaitInMailbox("carol", raw -> raw.contains("reject-c@remote.example"));
        assertThat(dsn).as("an NDR has a null reverse path").containsIgnoringCase("Return-Path: <>");
        Dsns.assertWellFormed(dsn, "reject-c@remote.example");
        assertThat(remote.mailbox("mallory")).isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> logLines().anyMatch(line ->
            line.startsWith("INFO org.bounceguard") && line.contains("NDR suppressed") && line.contains("mallory@remote.example")));
    }

    /**
     * The mail RecipientRewriteTable sends to its error processor is rebuilt without attributes;
     * with the recipe's KeepFindings/RestoreFindings it still carries the verdict there (what a
     * guarded bounce in that processor reads), and the carrying header is gone.
     */
    @Test
    void aMailWhoseMappingsFailKeepsItsVerdictInTheErrorProcessor(GuiceJamesServer server) throws Exception {
        send(SPAMCOP_LISTED, "mallory@remote.example", "chain-0@" + BounceguardJames.DOMAIN, "to a forward chain from a listed client");
        JsonNode stored = Mails.awaitInRepository(server, "memory://var/mail/error/", "to a forward chain from a listed client");
        assertThat(stored.path("attributes").toString()).contains("bounceguard.dnsbl.score").contains("bounceguard.dnsbl.listed")
            .contains("bl.spamcop.net");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Findings")).isNull();
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Dnsbl")).contains("score=2");
    }

    @Test
    void forgedBounceIsQuarantinedAsBackscatterAndASignedOneIsDelivered(GuiceJamesServer server) throws Exception {
        send(CLEAN, "", BounceguardJames.ALICE, "forged bounce without a tag");
        JsonNode forged = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "forged bounce without a tag");
        assertThat(Mails.headerValue(forged, "X-Bounceguard-Backscatter")).contains("batv-missing");

        String tagged = BatvTags.tag(1, TEST_BATV_KEY.substring(2), BatvTags.today().plusDays(3), BounceguardJames.ALICE);
        send(CLEAN, "", tagged, "bounce answering a signed mail");
        Mails.awaitInInbox(server, ALICE_USER, BounceguardJames.ALICE_PASSWORD, "bounce answering a signed mail");
    }

    @Test
    void theLogShowsTheEngineStart() {
        assertThat(logLines()).anyMatch(line -> line.startsWith("INFO org.bounceguard") && line.contains("DNSBL engine started"));
    }

    private static void send(String client, String sender, String recipient, String subject) throws Exception {
        SmtpClient.Outcome outcome = new SmtpClient("127.0.0.1", SMTP_PORT).send(client, "client.example", sender, recipient,
            TestMail.message(sender.isEmpty() ? "MAILER-DAEMON@remote.example" : sender, recipient, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    private static long suppressedFor(String reason) throws Exception {
        return new Counters(workingDirectory, BounceguardJames.JMX_PORT, WEBADMIN_PORT).ndrsSuppressedFor(reason);
    }

    private static Stream<String> logLines() {
        try {
            return Files.readAllLines(LOG).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** James's stock level (root at WARN) and the README's logger line, into a file the test reads. */
    private static void logWithRootAtWarnPlusTheReadmesLine() throws Exception {
        String stock = "<configuration>\n"
            + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
            + "    <file>" + LOG + "</file>\n"
            + "    <encoder><pattern>%level %logger - %msg%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
            + "    <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <root level=\"WARN\"><appender-ref ref=\"FILE\"/><appender-ref ref=\"CONSOLE\"/></root>\n"
            + "</configuration>\n";
        String configuration = InstallRecipe.insertIntoLogback(stock, InstallRecipe.fromReadme().block("logback"));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(configuration.getBytes(StandardCharsets.UTF_8)));
    }

    /** James's working directory: James's defaults, then the README's steps, in the README's order. */
    private static MemoryJamesConfiguration layOut(File directory) {
        workingDirectory = directory.toPath();
        InstallRecipe recipe = InstallRecipe.fromReadme();
        Path repository = Path.of(System.getProperty("bounceguard.conf.dir")).getParent();
        Path conf = workingDirectory.resolve("conf");
        try {
            Files.createDirectories(conf);

            // 1. the JAR
            Path extensions = Files.createDirectories(workingDirectory.resolve("extensions-jars"));
            try (Stream<Path> jars = Files.list(Path.of(System.getProperty("bounceguard.extensions.dir")))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, extensions.resolve(jar.getFileName()));
                }
            }
            Files.writeString(conf.resolve("extensions.properties"),
                InstallRecipe.applyProperties("", recipe.block("extensions"), Map.of()));

            // 2. the engine settings
            Map<String, String> filledIn = Map.of(
                "dns.servers", rbldnsd.hostAndPort(),
                "batv.keys", TEST_BATV_KEY,
                "ledger.secret", TEST_LEDGER_SECRET);
            String properties = Files.readString(repository.resolve("docs/install/bounceguard.properties"));
            properties = InstallRecipe.applyProperties(properties, recipe.block("properties"), filledIn);
            properties = InstallRecipe.applyProperties(properties, recipe.block("properties-test-setup"), filledIn);

            // 3. the log: see logWithRootAtWarnPlusTheReadmesLine, applied before James starts

            // 4. mailetcontainer.xml
            String mailets = testEnvironmentMailetContainer(InstallRecipe.jamesDefault("james-server-mailetcontainer-api", "mailetcontainer.xml"));
            mailets = InstallRecipe.insertAtTopOfProcessor(mailets, "root", recipe.block("root-top"));
            mailets = InstallRecipe.insertIntoProcessors(mailets, recipe.block("processors"));
            mailets = InstallRecipe.applyReplacements(mailets, recipe.block("replace"));
            mailets = InstallRecipe.insertBeforeEachRemoteDelivery(mailets, recipe.block("before-remote-delivery"));
            mailets = InstallRecipe.insertAroundEachRecipientRewriteTable(mailets,
                recipe.block("before-recipient-rewrite-table"), recipe.block("after-recipient-rewrite-table"));
            // James's default RecipientRewriteTable has no errorProcessor: its errors go to "error"
            mailets = InstallRecipe.insertAtTopOfProcessor(mailets, "error", recipe.block("top-of-rrt-error-processor"));
            assertEveryNdrIsGuarded(mailets);

            // 5. smtpserver.xml
            String smtp = bind(InstallRecipe.jamesDefault("james-server-protocols-smtp", "smtpserver.xml"), "0.0.0.0:25", "127.0.0.1:" + SMTP_PORT);
            smtp = InstallRecipe.insertBeforeValidRcptHandler(smtp, recipe.block("smtp-handlers"));

            // 6. the outbound ledger
            properties = InstallRecipe.applyProperties(properties, recipe.block("properties-ledger"), filledIn);
            mailets = InstallRecipe.insertBeforeEachBatvSign(mailets, recipe.block("before-batv-sign"));

            Files.writeString(conf.resolve("bounceguard.properties"), properties);
            Files.writeString(conf.resolve("mailetcontainer.xml"), mailets);
            Files.writeString(conf.resolve("smtpserver.xml"), smtp);

            // the test environment: IMAP and WebAdmin on loopback to read what happened
            Files.writeString(conf.resolve("imapserver.xml"),
                bind(InstallRecipe.jamesDefault("james-server-protocols-imap4", "imapserver.xml"), "0.0.0.0:143", "127.0.0.1:1143"));
            Files.writeString(conf.resolve("webadmin.properties"), "enabled=true\nport=" + WEBADMIN_PORT + "\nhost=127.0.0.1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MemoryJamesConfiguration.builder()
            .workingDirectory(directory)
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
            .build();
    }

    /** James's default mailetcontainer.xml made to run here (see the class comment); nothing of Bounceguard's. */
    private static String testEnvironmentMailetContainer(String jamesDefault) {
        String xml = jamesDefault.replace("file://var/mail/", "memory://var/mail/");
        xml = InstallRecipe.insertAtTopOfProcessor(xml, "transport",
            "      <mailet match=\"All\" class=\"RemoveMimeHeader\">\n        <name>bcc</name>\n      </mailet>");
        String remoteDelivery = "class=\"RemoteDelivery\">";
        assertThat(xml).contains(remoteDelivery);
        return xml.replace(remoteDelivery, remoteDelivery + "\n        <gateway>" + remote.gateway() + "</gateway>");
    }

    private static String bind(String xml, String from, String to) {
        String element = "<bind>" + from + "</bind>";
        assertThat(xml).contains(element);
        return xml.replace(element, "<bind>" + to + "</bind>");
    }

    /** The README's rule for every RemoteDelivery and every bounce mailet, checked on the result. */
    private static void assertEveryNdrIsGuarded(String mailets) {
        assertThat(mailets).doesNotContain("class=\"Bounce\"").doesNotContain("class=\"DSNBounce\"");
        Matcher remoteDelivery = Pattern.compile("class=\"RemoteDelivery\">(.*?)</mailet>", Pattern.DOTALL).matcher(mailets);
        List<String> bodies = new ArrayList<>();
        while (remoteDelivery.find()) {
            bodies.add(remoteDelivery.group(1));
        }
        assertThat(bodies).isNotEmpty().allMatch(body -> body.contains("<bounceProcessor>"));
    }

    private static Path temporaryFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
