package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.LogWatch;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdminHttp;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/**
 * A Spamhaus DQS-style zone whose DNS name carries the customer's key, served by a real rbldnsd.
 * The key lives only in the keys file {@code dnsbl.keysFile} names (mode 600); the XML says
 * {@code {dqs}.zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen} in DnsblCheck, in an InDnsbl
 * condition and in the RCPT refusal, and a second keyed zone without a name is shown as
 * {@code dbl.dq.spamhaus.net}. After mail went through a real James, the key is searched for
 * everywhere an operator or a remote party can look: SMTP replies (the RCPT refusal's 550 with
 * the list's TXT reason, which names the keyed zone), headers (IMAP and quarantine), attributes,
 * {@code /metrics}, every attribute of every MBean (James's {@code MailetParameters} and
 * {@code MatcherCondition}, the JVM's system properties), James's whole log, and every
 * Bounceguard WebAdmin answer. Each search is paired with a positive check that the zone is there
 * under its display name, so an empty answer cannot pass. The BATV keys and the ledger secret are
 * looked for in every MBean attribute too. Start-up failures: {@link DqsKeyNeverShownAtStartupIT}.
 */
class DqsKeyNeverShownIT {
    private static final String KEY = BounceguardJames.TEST_DQS_KEY;
    private static final String ZEN = KEY + ".zen.dq.spamhaus.net";
    private static final String ZEN_SPEC = "{dqs}.zen.dq.spamhaus.net";
    private static final String LISTED_CLIENT = "127.1.2.3";
    /** Listed with a code the RCPT refusal weighs 5: refused at RCPT with the list's reason. */
    private static final String REFUSED_CLIENT = "127.1.2.4";
    private static final Path KEYS_FILE = keysFile();

    /** The keys file as an operator writes it: readable by James's user alone. */
    static Path keysFile() {
        try {
            Path file = Files.createTempFile("dnsbl-keys", ".txt");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(file, "# Spamhaus DQS\ndqs:" + KEY + "\n");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every log event of the whole JVM (James's and Bounceguard's) is searched as it happens. */
    private static final List<String> LEAKED_LOG_LINES = new CopyOnWriteArrayList<>();
    private static final List<String> LINES_NAMING_ZEN = new CopyOnWriteArrayList<>();
    private static final LogWatch LOG = LogWatch.everyLine(line -> {
        if (line.toLowerCase().contains(KEY)) {
            LEAKED_LOG_LINES.add(line);
        }
        if (line.contains("zen:127.0.0.2")) {
            LINES_NAMING_ZEN.add(line);
        }
    });

    static {
        ((Logger) LoggerFactory.getLogger("org.bounceguard")).setLevel(Level.DEBUG);
    }

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone(ZEN, "ip4set", ":127.0.0.2:Listed by ZEN, see https://check.spamhaus.example/" + ZEN, "127.0.0.2", LISTED_CLIENT,
            REFUSED_CLIENT + " :127.0.0.4:Refused by ZEN, see https://check.spamhaus.example/" + ZEN);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .setting("dnsbl.keysFile", KEYS_FILE.toString())
        .confEdit("mailetcontainer.xml",
            "zen.spamhaus.org=127.0.0.[2..11]*3,", ZEN_SPEC + "=127.0.0.[2..11]*3:name=zen, {dqs}.dbl.dq.spamhaus.net=127.0.1.[2..99]*3:sender,")
        // James logs and shows a matcher's condition: InDnsbl's names the keyed zone too
        .confEdit("mailetcontainer.xml",
            "<mailet match=\"All\" class=\"org.bounceguard.mailets.DnsblCheck\">",
            "<mailet match=\"org.bounceguard.matchers.InDnsbl=" + ZEN_SPEC + "=127.0.0.[2..11]:name=zen;threshold=1\" class=\"SetMimeHeader\">\n"
                + "                <name>X-InDnsbl</name>\n                <value>listed</value>\n            </mailet>\n"
                + "            <mailet match=\"All\" class=\"org.bounceguard.mailets.DnsblCheck\">")
        // the RCPT refusal too: its 550 carries the list's reason, its per-zone counts the zone's name
        .confEdit("smtpserver.xml", "zen.spamhaus.org=127.0.0.[2..11]*3,", ZEN_SPEC + "=127.0.0.4*5:name=zen,")
        .build();

    /** One SMTP session from {@code client}, returning everything the server said. */
    private static String smtpTranscript(GuiceJamesServer server, String client, String subject) throws Exception {
        return smtpTranscript(server, client, subject, true);
    }

    /** As above; without {@code data}, the session ends after RCPT. */
    private static String smtpTranscript(GuiceJamesServer server, String client, String subject, boolean data) throws Exception {
        int port = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        StringBuilder transcript = new StringBuilder();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(in, transcript);
            List<String> commands = List.of("EHLO client.example", "MAIL FROM:<bob@example.com>", "RCPT TO:<" + ALICE + ">", "DATA");
            for (String command : data ? commands : commands.subList(0, 3)) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply(in, transcript);
            }
            if (data) {
                out.write((TestMail.message("bob@example.com", ALICE, subject) + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply(in, transcript);
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply(in, transcript);
        }
        return transcript.toString();
    }

    private static void reply(BufferedReader in, StringBuilder transcript) throws Exception {
        String line;
        do {
            line = in.readLine();
            transcript.append(line).append('\n');
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
    }

    @Test
    void theKeyIsShownNowhere(GuiceJamesServer server) throws Exception {
        String listedSession = smtpTranscript(server, LISTED_CLIENT, "from a client zen lists");
        String cleanSession = smtpTranscript(server, "127.9.0.1", "from a clean client");
        assertThat(listedSession).contains("250").doesNotContainIgnoringCase(KEY);
        assertThat(cleanSession).contains("250").doesNotContainIgnoringCase(KEY);
        String refusedSession = smtpTranscript(server, REFUSED_CLIENT, "never sent", false);
        assertThat(refusedSession).as("the RCPT refusal quotes the list's reason, under the display name")
            .contains("550").contains("Refused by ZEN").doesNotContainIgnoringCase(KEY);

        // headers as the recipient reads them
        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "from a clean client");
        assertThat(delivered.header("X-Bounceguard-Dnsbl")).contains("client=127.9.0.1");
        assertThat(String.join("\n", delivered.headerLines())).doesNotContainIgnoringCase(KEY);

        // headers and attributes of the quarantined mail, as WebAdmin shows them
        var quarantined = Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "from a client zen lists");
        // bounceguard.dnsbl.listed: zone -> the return codes it answered
        assertThat(quarantined.toString()).contains("\"bounceguard.dnsbl.listed\":\"{zen=").contains("zen:127.0.0.2").contains("Listed by ZEN")
            .doesNotContainIgnoringCase(KEY);
        assertThat(Mails.headerValue(quarantined, "X-InDnsbl")).as("the InDnsbl matcher asked the keyed zone").contains("listed");

        // metrics
        String metrics = setUp.counters().metrics();
        assertThat(metrics).contains("bounceguard_dnsbl_zone_zen_queries").contains("bounceguard_dnsbl_zone_dbl_dq_spamhaus_net_errors")
            .contains("bounceguard_rcpt_refusal_zone_zen_refused").doesNotContainIgnoringCase(KEY);

        // JMX: names and every Bounceguard attribute
        try (Jmx jmx = Jmx.connect(BounceguardJames.workingDirectory())) {
            List<String> names = jmx.names();
            assertThat(names).contains("org.bounceguard:name=zen,type=DnsblZone", "org.bounceguard:name=dbl.dq.spamhaus.net,type=DnsblZone");
            assertThat(String.join("\n", names)).doesNotContainIgnoringCase(KEY);
            assertThat((String[]) jmx.attribute("org.bounceguard:type=DnsblEngine", "Zones")).contains("zen").allSatisfy(zone ->
                assertThat(zone).doesNotContainIgnoringCase(KEY));
            assertThat((String) jmx.invoke("org.bounceguard:type=DnsblEngine", "lookup", new Object[] {LISTED_CLIENT},
                new String[] {String.class.getName()})).contains("zen:127.0.0.2").doesNotContainIgnoringCase(KEY);
            assertThat((String) jmx.invoke("org.bounceguard:type=DnsblZone,name=zen", "probe", new Object[0], new String[0]))
                .contains("healthy").doesNotContainIgnoringCase(KEY);

            // every attribute of every MBean: James's MailetParameters and MatcherCondition show the specs as written
            List<String> attributes = jmx.everyAttribute();
            assertThat(attributes).anySatisfy(line -> assertThat(line).contains("MailetParameters").contains(ZEN_SPEC));
            assertThat(attributes).anySatisfy(line -> assertThat(line).contains("MatcherCondition").contains(ZEN_SPEC));
            assertThat(attributes).anySatisfy(line -> assertThat(line).contains(KEYS_FILE.toString()));
            assertThat(attributes).noneSatisfy(line -> assertThat(line).containsIgnoringCase(KEY));
        }

        // every Bounceguard WebAdmin answer
        WebAdminHttp http = new WebAdminHttp(server);
        assertThat(http.get("/bounceguard/zones").body()).contains("\"zen\"").contains("dbl.dq.spamhaus.net").doesNotContainIgnoringCase(KEY);
        assertThat(http.get("/bounceguard/dnsbl/" + LISTED_CLIENT + "?fresh=true").body()).contains("\"zen\"").contains("Listed by ZEN")
            .doesNotContainIgnoringCase(KEY);
        assertThat(http.get("/bounceguard/stats").body()).contains("\"zen\"").contains("\"RcptRefusal\"").doesNotContainIgnoringCase(KEY);
        assertThat(http.get("/bounceguard/quarantine/spam").body()).contains("zen=127.0.0.2").doesNotContainIgnoringCase(KEY);
        assertThat(http.post("/bounceguard/zones/zen?action=probe").body()).contains("healthy").doesNotContainIgnoringCase(KEY);
        assertThat(http.post("/bounceguard/zones/dbl.dq.spamhaus.net?action=probe").body()).contains("lastProbeResult")
            .doesNotContainIgnoringCase(KEY);
        assertThat(http.post("/bounceguard/zones/" + ZEN + "?action=disable").body())
            .as("a zone is named by its display name only, and the answer does not repeat the key")
            .contains("no zone of that name").doesNotContainIgnoringCase(KEY);

        // the log: the verdict line for the listed mail was written (under the display name), no line carries the key
        await().atMost(Duration.ofSeconds(30)).until(() -> !LINES_NAMING_ZEN.isEmpty());
        assertThat(LOG.events()).isGreaterThan(100);
        assertThat(LEAKED_LOG_LINES).isEmpty();
    }

    /**
     * The sample signs with BATV and records outbound mail in the ledger, so this James holds both
     * secrets (it cannot start without them): neither is in any MBean attribute, the JVM's system
     * properties and command line included, which a {@code -Dbounceguard.batv.keys} would put there.
     */
    @Test
    void theBatvKeysAndTheLedgerSecretAreInNoMBeanAttribute() throws Exception {
        try (Jmx jmx = Jmx.connect(BounceguardJames.workingDirectory())) {
            assertThat(jmx.names()).contains("org.bounceguard:type=DnsblEngine");
            List<String> attributes = jmx.everyAttribute();
            assertThat(attributes).as("the JVM's system properties and arguments were read")
                .anySatisfy(line -> assertThat(line).contains("type=Runtime SystemProperties=").contains("bounceguard.dns.servers"))
                .anySatisfy(line -> assertThat(line).contains("type=Runtime InputArguments="));
            for (String batvKey : BounceguardJames.TEST_BATV_KEYS.split(",")) {
                String secret = batvKey.substring(batvKey.indexOf(':') + 1);
                assertThat(attributes).as("BATV key %s", batvKey.substring(0, batvKey.indexOf(':')))
                    .noneSatisfy(line -> assertThat(line).contains(secret));
            }
            assertThat(attributes).as("the ledger secret").noneSatisfy(line -> assertThat(line).contains(BounceguardJames.TEST_LEDGER_SECRET));
        }
    }
}
