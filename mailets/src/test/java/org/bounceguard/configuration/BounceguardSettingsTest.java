package org.bounceguard.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import org.apache.commons.configuration2.BaseConfiguration;
import org.bounceguard.dns.UdpTransportSettings;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.mailetbase.Parameters;
import org.bounceguard.modules.BounceguardInjector;
import org.bounceguard.redis.RedisLink;
import org.bounceguard.redis.RedisSettings;
import org.bounceguard.services.BatvService;
import org.bounceguard.services.NdrSuppressionService;
import org.bounceguard.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BounceguardSettingsTest {
    private static final String ZONE_KEY = "secretkey123";

    private static BounceguardSettings settings(String key, String value) {
        BaseConfiguration configuration = new BaseConfiguration();
        configuration.addProperty(key, value);
        return BounceguardSettings.of(Optional.of(configuration));
    }

    @Test
    void badValuesNameTheFileTheKeyAndWhatIsExpected() {
        assertThatThrownBy(() -> settings("dnsbl.deadline", "fast").applyTo(DnsblEngine.builder()))
            .hasMessageContaining("bounceguard.properties").hasMessageContaining("dnsbl.deadline").hasMessageContaining("'fast'");
        assertThatThrownBy(() -> settings("dnsbl.cache.maximumSize", "-4").applyTo(DnsblEngine.builder()))
            .hasMessageContaining("dnsbl.cache.maximumSize").hasMessageContaining("positive");
        assertThatThrownBy(() -> settings("dnsbl.skip.loopback", "maybe").applyTo(DnsblEngine.builder()))
            .hasMessageContaining("true or false");
        assertThatThrownBy(() -> settings("dns.servers", "127.0.0.1:notaport").applyTo(DnsblEngine.builder()))
            .hasMessageContaining("dns.servers").hasMessageContaining("host:port");
        assertThatThrownBy(() -> settings("dnsbl.trustedNetworks", "10.0.0.0/40").applyTo(DnsblEngine.builder()))
            .hasMessageContaining("dnsbl.trustedNetworks").hasMessageContaining("10.0.0.0/40");
    }

    @Test
    void theUdpTransportIsReadFromItsKeys() {
        BaseConfiguration configuration = new BaseConfiguration();
        configuration.addProperty("dns.udp.channels", "8");
        configuration.addProperty("dns.udp.rotateAfterQueries", "250");
        configuration.addProperty("dns.udp.rotateEvery", "30s");
        configuration.addProperty("dns.0x20", "true");

        assertThat(BounceguardSettings.of(Optional.of(configuration)).dns().udpTransport())
            .isEqualTo(new UdpTransportSettings(8, 250, Duration.ofSeconds(30), true));
        assertThat(BounceguardSettings.of(Optional.empty()).dns().udpTransport()).isEqualTo(UdpTransportSettings.DEFAULTS);
        assertThat(UdpTransportSettings.DEFAULTS.mixedCaseNames()).as("0x20 off by default").isFalse();
    }

    @Test
    void badUdpTransportValuesNameTheirKey() {
        assertThatThrownBy(() -> settings("dns.udp.channels", "0").applyTo(DnsblEngine.builder()))
            .hasMessageContaining("dns.udp.channels").hasMessageContaining("positive");
        assertThatThrownBy(() -> settings("dns.udp.channels", "1000").dns().udpTransport())
            .hasMessageContaining("dns.udp.channels").hasMessageContaining("at most 256");
        assertThatThrownBy(() -> settings("dns.udp.rotateEvery", "soon").dns().udpTransport())
            .hasMessageContaining("dns.udp.rotateEvery").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> settings("dns.0x20", "perhaps").dns().udpTransport())
            .hasMessageContaining("dns.0x20").hasMessageContaining("true or false");
    }

    @Test
    void batvKeysAreRequiredAndNeverEchoed() {
        assertThatThrownBy(() -> new BatvService(BounceguardSettings.of(Optional.empty()), Clock.systemUTC()))
            .hasMessageContaining("batv.keys is required");
        assertThatThrownBy(() -> new BatvService(settings("batv.keys", "1:tooshortsecret"), Clock.systemUTC()))
            .hasMessageContaining("batv.keys")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tooshortsecret"));
    }

    @Test
    void zoneKeysComeFromTheFileAndAKeysFileOnlyItsOwnerMayRead(@TempDir Path dir) throws Exception {
        assertThat(settings("dnsbl.keys", "dqs:" + ZONE_KEY).dnsbl().zoneKeys().names()).containsExactly("dqs");
        assertThat(BounceguardSettings.of(Optional.empty()).dnsbl().zoneKeys().names()).isEmpty();

        Path keysFile = dir.resolve("dnsbl.keys");
        Files.writeString(keysFile, "# Spamhaus DQS\nother:" + ZONE_KEY + "x\n");
        Files.setPosixFilePermissions(keysFile, PosixFilePermissions.fromString("rw-------"));
        BaseConfiguration both = new BaseConfiguration();
        both.addProperty("dnsbl.keys", "dqs:" + ZONE_KEY);
        both.addProperty("dnsbl.keysFile", keysFile.toString());
        assertThat(BounceguardSettings.of(Optional.of(both)).dnsbl().zoneKeys().names()).containsExactly("dqs", "other");

        Files.setPosixFilePermissions(keysFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.of(both)).dnsbl().zoneKeys())
            .hasMessageContaining("dnsbl.keysFile").hasMessageContaining("chmod 600")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZONE_KEY));
        assertThatThrownBy(() -> settings("dnsbl.keysFile", dir.resolve("missing").toString()).dnsbl().zoneKeys())
            .hasMessageContaining("dnsbl.keysFile").hasMessageContaining("cannot be read");
    }

    @Test
    void badZoneKeysAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> settings("dnsbl.keys", "dqs" + ZONE_KEY).dnsbl().zoneKeys())
            .hasMessageContaining("dnsbl.keys").satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZONE_KEY));
        assertThatThrownBy(() -> settings("dnsbl.keys", "dqs:" + ZONE_KEY + ".zen").dnsbl().zoneKeys())
            .hasMessageContaining("dnsbl.keys").hasMessageContaining("'dqs'").satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZONE_KEY));
    }

    @Test
    void zoneKeysAreNotTakenFromSystemPropertiesWhichJmxShows() {
        Properties system = new Properties();
        system.setProperty("bounceguard.dnsbl.keys", "dqs:" + ZONE_KEY);

        assertThatThrownBy(() -> BounceguardSettings.of(Optional.empty(), system))
            .hasMessageContaining("bounceguard.dnsbl.keys").hasMessageContaining("dnsbl.keysFile")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZONE_KEY));
    }

    @Test
    void batvKeysTheLedgerSecretAndSrsKeysAreNotTakenFromSystemPropertiesEither() {
        for (String secret : new String[] {"batv.keys", "ledger.secret", "srs.keys"}) {
            Properties system = new Properties();
            system.setProperty("bounceguard." + secret, "1:system-property-secret-value");

            assertThatThrownBy(() -> BounceguardSettings.of(Optional.empty(), system))
                .hasMessageContaining("system property bounceguard." + secret).hasMessageContaining("JMX")
                .hasMessageContaining(secret + "File")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("system-property-secret-value"));
        }
    }

    @Test
    void aRedisUrlWithCredentialsIsNotTakenFromASystemPropertyOneWithoutIs() {
        Properties withPassword = new Properties();
        withPassword.setProperty("bounceguard.redis.url", "redis://:redis-password-in-ps@127.0.0.1:6379");
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.empty(), withPassword))
            .hasMessageContaining("bounceguard.redis.url").hasMessageContaining("credentials").hasMessageContaining("redis.passwordFile")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("redis-password-in-ps"));

        Properties withoutPassword = new Properties();
        withoutPassword.setProperty("bounceguard.redis.url", "redis://127.0.0.1:6379");
        assertThat(BounceguardSettings.of(Optional.empty(), withoutPassword).redis().orElseThrow().describe())
            .isEqualTo("redis://127.0.0.1:6379/0");
    }

    @Test
    void theRedisPasswordMayLiveInAFileOnlyItsOwnerMayRead(@TempDir Path dir) throws Exception {
        Path passwordFile = ownerOnly(dir.resolve("redis.password"), "redis-password-from-a-file\n");
        BaseConfiguration fromFile = new BaseConfiguration();
        fromFile.addProperty("redis.url", "redis://127.0.0.1:6379/1");
        fromFile.addProperty("redis.passwordFile", passwordFile.toString());
        var redis = BounceguardSettings.of(Optional.of(fromFile)).redis().orElseThrow();
        assertThat(new String(redis.uri().getPassword())).isEqualTo("redis-password-from-a-file");
        assertThat(redis.describe()).isEqualTo("redis://127.0.0.1:6379/1 (with password)");
        assertThat(redis.toString()).doesNotContain("redis-password-from-a-file");

        BaseConfiguration both = new BaseConfiguration();
        both.addProperty("redis.url", "redis://:redis-password-inline@127.0.0.1:6379");
        both.addProperty("redis.passwordFile", passwordFile.toString());
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.of(both)))
            .hasMessageContaining("redis.url, redis.passwordFile")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("redis-password-inline").doesNotContain("from-a-file"));

        assertThatThrownBy(() -> settings("redis.passwordFile", passwordFile.toString()))
            .hasMessageContaining("redis.passwordFile").hasMessageContaining("redis.url names none");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-rw----"));
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.of(fromFile)))
            .hasMessageContaining("redis.passwordFile").hasMessageContaining("chmod 600");
    }

    @Test
    void thePasswordFromTheFileLogsIntoARealRedisThatRequiresIt(@TempDir Path dir) throws Exception {
        String password = "redis-password-from-a-file-0123";
        try (RedisServer redis = new RedisServer(password).started()) {
            BaseConfiguration configuration = new BaseConfiguration();
            configuration.addProperty("redis.url", redis.url().replace(":" + password + "@", ""));
            configuration.addProperty("redis.passwordFile", ownerOnly(dir.resolve("redis.password"), password + "\n").toString());
            RedisSettings settings = BounceguardSettings.of(Optional.of(configuration)).redis().orElseThrow();
            assertThat(settings.describe()).doesNotContain(password).endsWith("(with password)");

            // requirepass: every command but AUTH is refused until the client logs in
            try (RedisLink link = new RedisLink(settings)) {
                Instant until = Instant.now().plus(Duration.ofSeconds(20));
                Optional<String> pong = Optional.empty();
                while (pong.isEmpty() && Instant.now().isBefore(until)) {
                    pong = link.call(commands -> commands.ping());
                    Thread.sleep(20);
                }
                assertThat(pong).contains("PONG");
            }
        }
    }

    @Test
    void theFilesOfSecretsMayBeNamedInSystemProperties(@TempDir Path dir) throws Exception {
        Path keysFile = ownerOnly(dir.resolve("batv.keys"), "1:" + "k".repeat(20) + "\n");
        Properties system = new Properties();
        system.setProperty("bounceguard.batv.keysFile", keysFile.toString());

        assertThat(BounceguardSettings.of(Optional.empty(), system).batv().requiredKeys().keyNumbers()).containsExactly(1);
    }

    @Test
    void batvKeysComeFromAFileOnlyItsOwnerMayReadOneKeyALine(@TempDir Path dir) throws Exception {
        Path keysFile = ownerOnly(dir.resolve("batv.keys"), "# newest first: it signs\n2:" + "b".repeat(20) + "\n\n1:" + "a".repeat(20) + "\n");
        BatvSettings batv = settings("batv.keysFile", keysFile.toString()).batv();
        assertThat(batv.requiredKeys().keyNumbers()).containsExactly(2, 1);
        assertThat(batv.requiredKeys().currentKeyNumber()).isEqualTo(2);

        Files.setPosixFilePermissions(keysFile, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> settings("batv.keysFile", keysFile.toString()))
            .hasMessageContaining("batv.keysFile").hasMessageContaining("chmod 600")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("b".repeat(20)));

        Path tooShort = ownerOnly(dir.resolve("short"), "1:short-batv-key\n");
        assertThatThrownBy(() -> settings("batv.keysFile", tooShort.toString()))
            .hasMessageContaining("batv.keysFile").hasMessageContaining(tooShort.toString())
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-batv-key"));
        assertThatThrownBy(() -> settings("batv.keysFile", dir.resolve("missing").toString()))
            .hasMessageContaining("batv.keysFile").hasMessageContaining("cannot be read");
    }

    @Test
    void theLedgerSecretComesFromAFileOnlyItsOwnerMayReadOnOneLine(@TempDir Path dir) throws Exception {
        String secret = "ledger-secret-from-a-file-0123456789";
        Path secretFile = ownerOnly(dir.resolve("ledger.secret"), secret + "\n");
        BaseConfiguration fromFile = new BaseConfiguration();
        fromFile.addProperty("ledger.secretFile", secretFile.toString());
        BaseConfiguration inline = new BaseConfiguration();
        inline.addProperty("ledger.secret", secret);
        // the same secret keys the same entries, wherever it is written
        assertThat(BounceguardSettings.of(Optional.of(fromFile)).ledger().requiredKey().of("<id@example>", "bob@example.com"))
            .isEqualTo(BounceguardSettings.of(Optional.of(inline)).ledger().requiredKey().of("<id@example>", "bob@example.com"));

        Path twoLines = ownerOnly(dir.resolve("two"), secret + "\n" + secret + "x\n");
        assertThatThrownBy(() -> settings("ledger.secretFile", twoLines.toString()))
            .hasMessageContaining("ledger.secretFile").hasMessageContaining("one line")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        Path readable = ownerOnly(dir.resolve("readable"), secret + "\n");
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw----r--"));
        assertThatThrownBy(() -> settings("ledger.secretFile", readable.toString()))
            .hasMessageContaining("ledger.secretFile").hasMessageContaining("chmod 600");
    }

    @Test
    void srsKeysComeFromAFileOnlyItsOwnerMayReadOneSecretALine(@TempDir Path dir) throws Exception {
        String newest = "srs-secret-newest-0123456789";
        String older = "srs-secret-older-0123456789";
        Path keysFile = ownerOnly(dir.resolve("srs.keys"), "# newest first: it signs\n" + newest + "\n\n" + older + "\n");
        BaseConfiguration fromFile = new BaseConfiguration();
        fromFile.addProperty("srs.domain", "srs.example.org");
        fromFile.addProperty("srs.keysFile", keysFile.toString());
        BaseConfiguration inline = new BaseConfiguration();
        inline.addProperty("srs.domain", "srs.example.org");
        inline.addProperty("srs.keys", newest + "," + older);
        // the same secrets sign alike, wherever they are written
        assertThat(BounceguardSettings.of(Optional.of(fromFile)).srs().requiredCodec().forward("bob@sender.example", org.bounceguard.srs.SrsSource.CLEAN, java.time.LocalDate.of(2026, 12, 8)))
            .isEqualTo(BounceguardSettings.of(Optional.of(inline)).srs().requiredCodec().forward("bob@sender.example", org.bounceguard.srs.SrsSource.CLEAN, java.time.LocalDate.of(2026, 12, 8)));

        Files.setPosixFilePermissions(keysFile, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> settings("srs.keysFile", keysFile.toString()))
            .hasMessageContaining("srs.keysFile").hasMessageContaining("chmod 600")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(newest));
    }

    @Test
    void aSecretWrittenBothInlineAndAsAFileIsRefused(@TempDir Path dir) throws Exception {
        BaseConfiguration both = new BaseConfiguration();
        both.addProperty("ledger.secret", "ledger-secret-inline-0123456789");
        both.addProperty("ledger.secretFile", ownerOnly(dir.resolve("ledger.secret"), "ledger-secret-in-file-0123456789\n").toString());
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.of(both)))
            .hasMessageContaining("ledger.secret, ledger.secretFile").hasMessageContaining("not both")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("inline-0123456789").doesNotContain("in-file-0123456789"));

        BaseConfiguration batv = new BaseConfiguration();
        batv.addProperty("batv.keys", "1:" + "a".repeat(20));
        batv.addProperty("batv.keysFile", ownerOnly(dir.resolve("batv.keys"), "2:" + "b".repeat(20) + "\n").toString());
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.of(batv)))
            .hasMessageContaining("batv.keys, batv.keysFile").hasMessageContaining("not both");
    }

    private static Path ownerOnly(Path file, String content) throws Exception {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void systemPropertiesOverrideTheFile() {
        System.setProperty("bounceguard.dnsbl.deadline", "nonsense-from-property");
        try {
            assertThatThrownBy(() -> settings("dnsbl.deadline", "2s").applyTo(DnsblEngine.builder()))
                .hasMessageContaining("nonsense-from-property");
        } finally {
            System.clearProperty("bounceguard.dnsbl.deadline");
        }
    }

    @Test
    void theRedisUrlKeepsItsPasswordOutOfEveryMessage() {
        var redis = settings("redis.url", "rediss://:s3cret-redis-password@redis.example:6380/2").redis().orElseThrow();
        assertThat(redis.uri().isSsl()).isTrue();
        assertThat(redis.uri().getPort()).isEqualTo(6380);
        assertThat(redis.describe()).isEqualTo("rediss://redis.example:6380/2 (with password)");
        assertThat(redis.toString()).doesNotContain("s3cret-redis-password");

        assertThatThrownBy(() -> settings("redis.url", "http://:s3cret-redis-password@redis.example").redis())
            .hasMessageContaining("bounceguard.properties: redis.url")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-redis-password"));
        assertThat(BounceguardSettings.of(Optional.empty()).redis()).isEmpty();
    }

    @Test
    void theNdrQuotaStoreIsMemoryUnlessRedisIsAsked() {
        assertThat(BounceguardSettings.of(Optional.empty()).ndr().store()).isEqualTo("memory");
        assertThat(settings("ndr.rateLimit.store", "Redis").ndr().store()).isEqualTo("redis");
        assertThatThrownBy(() -> BounceguardInjector.of("ndr.rateLimit.store", "postgres").getInstance(NdrSuppressionService.class))
            .hasMessageContaining("ndr.rateLimit.store").hasMessageContaining("memory").hasMessageContaining("redis");
    }

    @Test
    void aMisspeltKeyInTheFileStopsStartUpNamingTheFileTheKeyAndTheNearestSetting() {
        assertThatThrownBy(() -> settings("dnsbl.dedline", "2s"))
            .hasMessageContaining("bounceguard.properties").hasMessageContaining("'dnsbl.dedline'")
            .hasMessageContaining("did you mean dnsbl.deadline?");
    }

    @Test
    void aMisspeltSystemPropertyOverrideStopsStartUpToo() {
        Properties system = new Properties();
        system.setProperty("bounceguard.ledger.retentionDay", "7");

        assertThatThrownBy(() -> BounceguardSettings.of(Optional.empty(), system))
            .hasMessageContaining("system property bounceguard.ledger.retentionDay")
            .hasMessageContaining("did you mean bounceguard.ledger.retentionDays?");
    }

    @Test
    void aTypoInTheSectionOfAnOverrideIsCaughtButOtherBounceguardPropertiesAreNotSettings() {
        Properties typo = new Properties();
        typo.setProperty("bounceguard.dnbsl.deadline", "2s");
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.empty(), typo)).hasMessageContaining("dnsbl.deadline");

        Properties harness = new Properties();
        harness.setProperty("bounceguard.corpus.dir", "/tmp/corpus");
        harness.setProperty("bounceguard.conf.dir", "/tmp/conf");
        harness.setProperty("bounceguard.dnsbl.deadline", "3s");
        assertThat(BounceguardSettings.of(Optional.empty(), harness).dnsbl().deadline()).contains(java.time.Duration.ofSeconds(3));
    }

    @Test
    void anOverrideWithoutItsSectionStopsStartUpNamingTheSettingItMeant() {
        Properties system = new Properties();
        system.setProperty("bounceguard.deadline", "2s");

        assertThatThrownBy(() -> BounceguardSettings.of(Optional.empty(), system))
            .hasMessageContaining("system property bounceguard.deadline")
            .hasMessageContaining("did you mean bounceguard.dnsbl.deadline?");
    }

    @Test
    void everyKeyOfTheSampleConfigurationIsASetting() throws Exception {
        Properties sample = new Properties();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("../conf/bounceguard.properties"))) {
            sample.load(in);
        }
        assertThat(sample.stringPropertyNames()).isNotEmpty().allSatisfy(key -> assertThat(BounceguardSettings.KEYS).contains(key));
    }

    @Test
    void booleansAcceptTheSameWordsAsMailetParameters() throws Exception {
        assertThat(settings("dnsbl.txt", "on").dnsbl().fetchTxt()).contains(true);
        assertThat(new Parameters("X").bool("p", "on", false)).isTrue();
        assertThat(settings("dnsbl.txt", "No").dnsbl().fetchTxt()).contains(false);
        assertThat(new Parameters("X").bool("p", "No", true)).isFalse();
    }

    @Test
    void theParsedSettingsNeverShowTheirSecrets() {
        BaseConfiguration configuration = new BaseConfiguration();
        configuration.addProperty("batv.keys", "1:batv-secret-never-shown");
        configuration.addProperty("ledger.secret", "ledger-secret-never-shown");
        configuration.addProperty("redis.url", "redis://:redis-secret-never-shown@127.0.0.1:6379/0");

        assertThat(BounceguardSettings.of(Optional.of(configuration)).toString())
            .contains("keys=(set)", "key=(set)")
            .doesNotContain("batv-secret-never-shown", "ledger-secret-never-shown", "redis-secret-never-shown");
    }
}
