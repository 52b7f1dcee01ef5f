package org.bounceguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.UdpTransportSettings;
import org.junit.jupiter.api.Test;

class BounceguardSettingsTest {
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
    void systemPropertiesOverrideTheFile() {
        System.setProperty("bounceguard.dnsbl.deadline", "nonsense-from-property");
        try {
            assertThatThrownBy(() -> settings("dnsbl.deadline", "2s").applyTo(DnsblEngine.builder()))
                .hasMessageContaining("nonsense-from-property");
        } finally {
            System.clearProperty("bounceguard.dnsbl.deadline");
        }
    }
}
