package org.bounceguard.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import org.apache.commons.configuration2.BaseConfiguration;
import org.bounceguard.dns.UdpTransportSettings;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.mailetbase.Parameters;
import org.bounceguard.modules.BounceguardInjector;
import org.bounceguard.services.BatvService;
import org.bounceguard.services.NdrSuppressionService;
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
