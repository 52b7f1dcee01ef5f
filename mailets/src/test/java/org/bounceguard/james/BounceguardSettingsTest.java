package org.bounceguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import org.apache.commons.configuration2.BaseConfiguration;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dns.UdpTransportSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BounceguardSettingsTest {
    private static final String ZONE_KEY = "secretkey123";

    private static BounceguardSettings settings(String key, String value) {
        BaseConfiguration configuration = new BaseConfiguration();
        configuration.addProperty(key, value);
        return new BounceguardSettings(Optional.of(configuration));
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

        assertThat(new BounceguardSettings(Optional.of(configuration)).udpTransport())
            .isEqualTo(new UdpTransportSettings(8, 250, Duration.ofSeconds(30), true));
        assertThat(new BounceguardSettings(Optional.empty()).udpTransport()).isEqualTo(UdpTransportSettings.DEFAULTS);
        assertThat(UdpTransportSettings.DEFAULTS.mixedCaseNames()).as("0x20 off by default").isFalse();
    }

    @Test
    void badUdpTransportValuesNameTheirKey() {
        assertThatThrownBy(() -> settings("dns.udp.channels", "0").applyTo(DnsblEngine.builder()))
            .hasMessageContaining("dns.udp.channels").hasMessageContaining("positive");
        assertThatThrownBy(() -> settings("dns.udp.channels", "1000").udpTransport())
            .hasMessageContaining("dns.udp.channels").hasMessageContaining("at most 256");
        assertThatThrownBy(() -> settings("dns.udp.rotateEvery", "soon").udpTransport())
            .hasMessageContaining("dns.udp.rotateEvery").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> settings("dns.0x20", "perhaps").udpTransport())
            .hasMessageContaining("dns.0x20").hasMessageContaining("true or false");
    }

    @Test
    void batvKeysAreRequiredAndNeverEchoed() {
        assertThatThrownBy(() -> new BatvService(new BounceguardSettings(Optional.empty())))
            .hasMessageContaining("batv.keys is required");
        assertThatThrownBy(() -> new BatvService(settings("batv.keys", "1:tooshortsecret")))
            .hasMessageContaining("batv.keys")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tooshortsecret"));
    }

    @Test
    void zoneKeysComeFromTheFileAndAKeysFileOnlyItsOwnerMayRead(@TempDir Path dir) throws Exception {
        assertThat(settings("dnsbl.keys", "dqs:" + ZONE_KEY).zoneKeys().names()).containsExactly("dqs");
        assertThat(new BounceguardSettings(Optional.empty()).zoneKeys().names()).isEmpty();

        Path keysFile = dir.resolve("dnsbl.keys");
        Files.writeString(keysFile, "# Spamhaus DQS\nother:" + ZONE_KEY + "x\n");
        Files.setPosixFilePermissions(keysFile, PosixFilePermissions.fromString("rw-------"));
        BaseConfiguration both = new BaseConfiguration();
        both.addProperty("dnsbl.keys", "dqs:" + ZONE_KEY);
        both.addProperty("dnsbl.keysFile", keysFile.toString());
        assertThat(new BounceguardSettings(Optional.of(both)).zoneKeys().names()).containsExactly("dqs", "other");

        Files.setPosixFilePermissions(keysFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new BounceguardSettings(Optional.of(both)).zoneKeys())
            .hasMessageContaining("dnsbl.keysFile").hasMessageContaining("chmod 600")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZONE_KEY));
        assertThatThrownBy(() -> settings("dnsbl.keysFile", dir.resolve("missing").toString()).zoneKeys())
            .hasMessageContaining("dnsbl.keysFile").hasMessageContaining("cannot be read");
    }

    @Test
    void badZoneKeysAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> settings("dnsbl.keys", "dqs" + ZONE_KEY).zoneKeys())
            .hasMessageContaining("dnsbl.keys").satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZONE_KEY));
        assertThatThrownBy(() -> settings("dnsbl.keys", "dqs:" + ZONE_KEY + ".zen").zoneKeys())
            .hasMessageContaining("dnsbl.keys").hasMessageContaining("'dqs'").satisfies(e -> assertThat(e.getMessage()).doesNotContain(ZONE_KEY));
    }

    @Test
    void zoneKeysAreNotTakenFromSystemPropertiesWhichJmxShows() {
        Properties system = new Properties();
        system.setProperty("bounceguard.dnsbl.keys", "dqs:" + ZONE_KEY);

        assertThatThrownBy(() -> new BounceguardSettings(Optional.empty(), system))
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
        assertThat(new BounceguardSettings(Optional.empty()).redis()).isEmpty();
    }

    @Test
    void theNdrQuotaStoreIsMemoryUnlessRedisIsAsked() {
        assertThat(new BounceguardSettings(Optional.empty()).ndrRateLimitStore()).isEqualTo("memory");
        assertThat(settings("ndr.rateLimit.store", "Redis").ndrRateLimitStore()).isEqualTo("redis");
        assertThatThrownBy(() -> settings("ndr.rateLimit.store", "postgres").ndrRateLimitStore())
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

        assertThatThrownBy(() -> new BounceguardSettings(Optional.empty(), system))
            .hasMessageContaining("system property bounceguard.ledger.retentionDay")
            .hasMessageContaining("did you mean bounceguard.ledger.retentionDays?");
    }

    @Test
    void aTypoInTheSectionOfAnOverrideIsCaughtButOtherBounceguardPropertiesAreNotSettings() {
        Properties typo = new Properties();
        typo.setProperty("bounceguard.dnbsl.deadline", "2s");
        assertThatThrownBy(() -> new BounceguardSettings(Optional.empty(), typo)).hasMessageContaining("dnsbl.deadline");

        Properties harness = new Properties();
        harness.setProperty("bounceguard.corpus.dir", "/tmp/corpus");
        harness.setProperty("bounceguard.conf.dir", "/tmp/conf");
        harness.setProperty("bounceguard.dnsbl.deadline", "3s");
        assertThat(new BounceguardSettings(Optional.empty(), harness).duration("dnsbl.deadline")).contains(java.time.Duration.ofSeconds(3));
    }

    @Test
    void anOverrideWithoutItsSectionStopsStartUpNamingTheSettingItMeant() {
        Properties system = new Properties();
        system.setProperty("bounceguard.deadline", "2s");

        assertThatThrownBy(() -> new BounceguardSettings(Optional.empty(), system))
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
        assertThat(settings("dnsbl.txt", "on").bool("dnsbl.txt")).contains(true);
        assertThat(new Parameters("X").bool("p", "on", false)).isTrue();
        assertThat(settings("dnsbl.txt", "No").bool("dnsbl.txt")).contains(false);
        assertThat(new Parameters("X").bool("p", "No", true)).isFalse();
    }
}
