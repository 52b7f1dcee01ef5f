package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.LogWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of getting a keyed zone wrong stops a real James at start-up, and neither the failure
 * nor any line James logs meanwhile holds the key: a key written out in a zone (mailet parameter,
 * SMTP hook), a mistyped weight, flag, display-name flag or zone around a {@code {dqs}} label, a
 * label naming no key, and a keys file others may read. One exception, James's own: a matcher that
 * fails to start is reported by James with its whole condition ("Unable to init matcher
 * InDnsbl=..."), so a key written out in a matcher condition is refused, and Bounceguard's part
 * of the message does not repeat it, but James's does, once. A secret given as a system property
 * (which the JVM shows over JMX) stops start-up too, without being repeated; the BATV keys and the
 * ledger secret may live in owner-only files instead.
 */
class DqsKeyNeverShownAtStartupIT {
    private static final String DNSBL_CHECK_ZONE = "zen.spamhaus.org=127.0.0.[2..11]*3,";
    private static final List<String> LOG_LINES_WITH_THE_KEY = new CopyOnWriteArrayList<>();
    private static final LogWatch LOG = LogWatch.everyLine(line -> {
        if (line.toLowerCase().contains(BounceguardJames.TEST_DQS_KEY)) {
            LOG_LINES_WITH_THE_KEY.add(line);
        }
    });

    @TempDir
    Path temp;

    /** Lines James writes itself, quoting a failed matcher's condition as configured. */
    private static final String JAMES_QUOTING_A_MATCHER = "Unable to init matcher org.bounceguard.matchers.InDnsbl=";

    @BeforeEach
    void watchAfresh() {
        LOG_LINES_WITH_THE_KEY.clear();
    }

    @AfterEach
    void jamesLoggedNoKey() {
        assertThat(LOG.events()).as("James's log was watched").isPositive();
        assertThat(LOG_LINES_WITH_THE_KEY).isEmpty();
    }

    private Path keysFile(String permissions) throws Exception {
        Path file = temp.resolve("dnsbl-keys");
        Files.writeString(file, "dqs:" + BounceguardJames.TEST_DQS_KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private String failure(String file, String from, String to) throws Exception {
        Path workingDirectory = Files.createTempDirectory(temp, "james");
        String failure = BounceguardJames.startupFailure(workingDirectory, Map.of("dnsbl.keysFile", keysFile("rw-------").toString()),
            Map.of(file, Map.of(from, to)));
        assertThat(failure).doesNotContainIgnoringCase(BounceguardJames.TEST_DQS_KEY);
        return failure;
    }

    private String failureOfDnsblCheckZone(String zone) throws Exception {
        return failure("mailetcontainer.xml", DNSBL_CHECK_ZONE, zone + ",");
    }

    @Test
    void aKeyWrittenOutInAMailetParameterIsRefusedSayingWhereItBelongs() throws Exception {
        assertThat(failureOfDnsblCheckZone(BounceguardJames.TEST_DQS_KEY + ".zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen"))
            .contains("DnsblCheck").contains("'zones'").contains("<key>.zen.dq.spamhaus.net").contains("dnsbl.keys");
    }

    @Test
    void aKeyWrittenOutInAnUnnamedZoneWithATypoIsRefusedTheSameWay() throws Exception {
        assertThat(failureOfDnsblCheckZone(BounceguardJames.TEST_DQS_KEY + ".zen.dq.spamhaus.net=127.0.0.[2..11]*x"))
            .contains("DnsblCheck").contains("<key>.zen.dq.spamhaus.net").contains("dnsbl.keys");
    }

    @Test
    void aKeyWrittenOutInAMatcherConditionIsRefusedThoughJamesQuotesTheCondition() throws Exception {
        Path workingDirectory = Files.createTempDirectory(temp, "james");
        String failure = BounceguardJames.startupFailure(workingDirectory, Map.of("dnsbl.keysFile", keysFile("rw-------").toString()),
            Map.of("mailetcontainer.xml", Map.of("<mailet match=\"All\" class=\"org.bounceguard.mailets.DnsblCheck\">",
                "<mailet match=\"org.bounceguard.matchers.InDnsbl=" + BounceguardJames.TEST_DQS_KEY + ".zen.dq.spamhaus.net;threshold=1\" class=\"Null\"/>\n"
                    + "            <mailet match=\"All\" class=\"org.bounceguard.mailets.DnsblCheck\">")));

        String ours = failure.substring(failure.indexOf("InDnsbl: parameter 'condition'"));
        assertThat(ours).contains("<key>.zen.dq.spamhaus.net").contains("dnsbl.keys");
        assertThat(ours.lines().findFirst().orElseThrow()).doesNotContainIgnoringCase(BounceguardJames.TEST_DQS_KEY);
        // James's own lines quote the condition; every other line is clean
        assertThat(LOG_LINES_WITH_THE_KEY).isNotEmpty().allSatisfy(line -> assertThat(line).contains(JAMES_QUOTING_A_MATCHER));
        LOG_LINES_WITH_THE_KEY.clear();
    }

    @Test
    void aKeyWrittenOutInTheRcptRefusalIsRefused() throws Exception {
        assertThat(failure("smtpserver.xml", DNSBL_CHECK_ZONE, BounceguardJames.TEST_DQS_KEY + ".zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen,"))
            .contains("DnsblRcptRefusal").contains("<key>.zen.dq.spamhaus.net");
    }

    @Test
    void mistakesAroundAKeyLabelAreReportedWithTheLabel() throws Exception {
        assertThat(failureOfDnsblCheckZone("{dqs}.zen.dq.spamhaus.net=127.0.0.[2..11]*three:name=zen"))
            .contains("DnsblCheck").contains("weight 'three'");
        assertThat(failureOfDnsblCheckZone("{dqs}.zen.dq.spamhaus.net=127.0.0.[2..11]*3:nmae=zen"))
            .contains("unknown flag ':nmae=zen'").contains("{dqs}.zen.dq.spamhaus.net");
        assertThat(failureOfDnsblCheckZone("{dqs}.zen..dq.spamhaus.net*3:sender:hleo"))
            .contains("DnsblCheck").contains("{dqs}.zen..dq.spamhaus.net");
    }

    @Test
    void aLabelNamingNoKeyNamesTheKeysThereAre() throws Exception {
        assertThat(failureOfDnsblCheckZone("{dsq}.zen.dq.spamhaus.net*3:name=zen"))
            .contains("no key named 'dsq'").contains("keys: dqs");
    }

    @Test
    void aSecretGivenAsASystemPropertyStopsStartUpWithoutBeingRepeated() throws Exception {
        String secretValue = "1:" + BounceguardJames.TEST_DQS_KEY + "-on-the-command-line";
        Map<String, String> properties = Map.of(
            "batv.keys", secretValue, "ledger.secret", secretValue, "dnsbl.keys", "dqs:" + secretValue,
            "redis.url", "redis://:" + BounceguardJames.TEST_DQS_KEY + "@127.0.0.1:6379");
        for (Map.Entry<String, String> property : properties.entrySet()) {
            System.setProperty("bounceguard." + property.getKey(), property.getValue());
            try {
                String failure = BounceguardJames.startupFailure(Files.createTempDirectory(temp, "james"), Map.of(), Map.of());
                assertThat(failure).contains("system property bounceguard." + property.getKey()).contains("JMX")
                    .doesNotContainIgnoringCase(BounceguardJames.TEST_DQS_KEY);
            } finally {
                System.clearProperty("bounceguard." + property.getKey());
            }
        }
    }

    @Test
    void theBatvKeysAndTheLedgerSecretMayLiveInOwnerOnlyFiles() throws Exception {
        Path batvKeys = temp.resolve("batv-keys");
        Files.writeString(batvKeys, "# newest first\n" + BounceguardJames.TEST_BATV_KEYS.replace(',', '\n') + "\n");
        Files.setPosixFilePermissions(batvKeys, PosixFilePermissions.fromString("rw-------"));
        Path ledgerSecret = temp.resolve("ledger-secret");
        Files.writeString(ledgerSecret, BounceguardJames.TEST_LEDGER_SECRET + "\n");
        Files.setPosixFilePermissions(ledgerSecret, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> files = Map.of("batv.keysFile", batvKeys.toString(), "ledger.secretFile", ledgerSecret.toString());

        // the sample's BATV mailets and RecordOutbound need both secrets to start
        boolean[] started = {false};
        BounceguardJames.startAndStop(Files.createTempDirectory(temp, "james"), files, Map.of(), () -> started[0] = true);
        assertThat(started[0]).isTrue();

        Files.setPosixFilePermissions(batvKeys, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(BounceguardJames.startupFailure(Files.createTempDirectory(temp, "james"), files, Map.of()))
            .contains("batv.keysFile").contains("chmod 600").doesNotContain("integration-test-key");
    }

    @Test
    void aKeysFileOthersMayReadIsRefused() throws Exception {
        Path workingDirectory = Files.createTempDirectory(temp, "james");
        String failure = BounceguardJames.startupFailure(workingDirectory, Map.of("dnsbl.keysFile", keysFile("rw-r--r--").toString()),
            Map.of("mailetcontainer.xml", Map.of(DNSBL_CHECK_ZONE, "{dqs}.zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen,")));

        assertThat(failure).contains("dnsbl.keysFile").contains("chmod 600").doesNotContainIgnoringCase(BounceguardJames.TEST_DQS_KEY);
    }
}
