package org.bounceguard.it.cores;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.dnsbl.ZoneStatus;
import org.bounceguard.testsupport.Rbldnsd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health probes against a real rbldnsd: the IPv6 test points of RFC 5782 section 5
 * ({@code ::FFFF:7F00:2} listed, {@code ::FFFF:7F00:1} not) as an ip6trie dataset answers them,
 * and a key-carrying zone probed under its display name. (Where a zone also has an ip4set,
 * rbldnsd answers these IPv4-mapped points from the ip4set, so the zones whose IPv6 half is
 * judged here have only an ip6trie.)
 */
class ZoneHealthAgainstRbldnsdIT {
    @RegisterExtension
    static Rbldnsd rbldnsd = new Rbldnsd()
        .zone("dual.test", "ip4set", ":127.0.0.2:test point", "127.0.0.2")
        .zone("dual.test", "ip6trie", ":127.0.0.2:IPv6 test point", "::ffff:7f00:2")
        .zone("six.test", "ip6trie", ":127.0.0.2:a listing without the test point", "2001:db8::1")
        .zone("wild6.test", "ip6trie", ":127.0.0.2:every IPv6 address", "::/0")
        .zone("secretkey123.zen.dq.spamhaus.net", "ip4set", ":127.0.0.2:test point", "127.0.0.2");

    private static DnsblEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = DnsblEngine.builder()
            .servers(List.of(rbldnsd.address()))
            .healthProbeInterval(Duration.ZERO)
            .build();
        engine.watch(ZoneSpec.parseList("dual.test, six.test, wild6.test, {dqs}.zen.dq.spamhaus.net:name=zen",
            org.bounceguard.dnsbl.ZoneKeys.parse("dqs:secretkey123")));
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    private static ZoneStatus probe(String zone) throws Exception {
        return engine.probe(zone).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aZoneServingBothTestPointHalvesIsHealthy() throws Exception {
        assertThat(probe("dual.test").lastProbeResult()).contains("healthy");
    }

    @Test
    void aZoneWithoutTheIpv6TestPointStaysEnabledAndSaysSo() throws Exception {
        ZoneStatus status = probe("six.test");
        assertThat(status.enabled()).isTrue();
        assertThat(status.lastProbeResult())
            .contains("healthy, but test point 127.0.0.2 is not listed; IPv6 test point ::FFFF:7F00:2 is not listed");
    }

    @Test
    void aZoneWhoseIpv6HalfListsEverythingIsDisabled() throws Exception {
        ZoneStatus status = probe("wild6.test");
        assertThat(status.enabled()).isFalse();
        assertThat(status.disabledReason()).hasValueSatisfying(reason -> assertThat(reason).contains("::FFFF:7F00:1"));
    }

    @Test
    void aKeyCarryingZoneIsProbedAndShownByItsDisplayName() throws Exception {
        ZoneStatus status = probe("zen");
        assertThat(status.zone()).isEqualTo("zen");
        assertThat(status.lastProbeResult()).hasValueSatisfying(result -> assertThat(result).startsWith("healthy").doesNotContain("secretkey123"));
        assertThat(engine.zoneStatuses()).extracting(ZoneStatus::zone).doesNotContain("secretkey123.zen.dq.spamhaus.net");
    }
}
