package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bounceguard.testing.FakeTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Display names, per-zone timeouts, probes switched off and IPv6 health probes. */
class DnsblEngineZoneControlsTest {
    private static final String KEY = "secretkey123";
    private static final String DQS = KEY + ".zen.dq.spamhaus.net";
    /** The spec names the key; the engine asks DNS for {@link #DQS}. */
    private static final String DQS_SPEC = "{dqs}.zen.dq.spamhaus.net";
    private static final ZoneKeys KEYS = ZoneKeys.parse("dqs:" + KEY);
    private static final String REVERSED = "1.2.0.192.";
    private static final String IPV6_LISTED_POINT = "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.";
    private static final String IPV6_UNLISTED_POINT = "1.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.";

    private final ScriptedResolver dns = new ScriptedResolver();
    private final DnsblEngine engine = DnsblEngine.builder()
        .resolver(dns)
        .ticker(new FakeTicker()::read)
        .deadline(Duration.ofSeconds(5))
        .healthProbeInterval(Duration.ZERO)
        .build();

    @AfterEach
    void close() {
        engine.close();
    }

    private DnsblVerdict check(String zones) throws Exception {
        return engine.check(DnsblRequest.of(DnsblQuery.client(InetAddress.getByName("192.0.2.1")), ZoneSpec.parseList(zones, KEYS))).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRenamedZoneIsAskedByItsDnsNameAndShownByItsDisplayName() throws Exception {
        dns.listed(REVERSED + DQS, 300, "Listed by ZEN, see https://check.example/" + DQS, "127.0.0.2");

        DnsblVerdict verdict = check(DQS_SPEC + "=127.0.0.[2..11]*3:name=zen");

        assertThat(verdict.score()).isEqualTo(3);
        assertThat(verdict.isListedIn("zen")).isTrue();
        assertThat(verdict.summary()).isEqualTo("score=3; listed=zen:127.0.0.2; errors=none").doesNotContain(KEY);
        assertThat(verdict.listings().get(0).reason()).contains("Listed by ZEN, see https://check.example/zen");
        assertThat(engine.zoneStatus("zen")).hasValueSatisfying(status -> assertThat(status.queries()).isEqualTo(1));
        assertThat(engine.zoneStatuses()).extracting(ZoneStatus::zone).containsExactly("zen");
    }

    @Test
    void errorDetailsAndProbeResultsNeverCarryTheKey() throws Exception {
        dns.failing(REVERSED + DQS, new IOException("no route for " + REVERSED + DQS))
            .failing("2.0.0.127." + DQS, new IOException("no route for 2.0.0.127." + DQS));
        engine.watch(ZoneSpec.parseList(DQS_SPEC + ":name=zen", KEYS));

        DnsblVerdict verdict = check(DQS_SPEC + ":name=zen");

        assertThat(verdict.errors()).singleElement().satisfies(error -> {
            assertThat(error.zone()).isEqualTo("zen");
            assertThat(error.detail()).contains("1.2.0.192.zen").doesNotContain(KEY);
        });
        ZoneStatus status = engine.probe("zen").get(10, TimeUnit.SECONDS);
        assertThat(status.lastProbeResult()).hasValueSatisfying(result -> assertThat(result).startsWith("probe failed").doesNotContain(KEY));
    }

    @Test
    void aZoneTimeoutEndsThatZonesWaitBeforeTheDeadline() throws Exception {
        CompletableFuture<Void> slowAnswer = dns.heldBack(REVERSED + "slow.test", "127.0.0.2");
        dns.listed(REVERSED + "fast.test", 300, null, "127.0.0.2");

        long started = System.nanoTime();
        DnsblVerdict verdict = check("slow.test*2:timeout=200ms, fast.test");
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(verdict.score()).isEqualTo(1);
        assertThat(verdict.errors()).singleElement().satisfies(error -> {
            assertThat(error.zone()).isEqualTo("slow.test");
            assertThat(error.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(error.detail()).contains("zone's timeout of 200ms");
        });
        assertThat(waitedMillis).as("the 5 s deadline was not waited for").isLessThan(4_000);
        assertThat(engine.zoneStatus("slow.test").orElseThrow().timeouts()).isEqualTo(1);

        slowAnswer.complete(null); // the shared exchange still fills the cache
        assertThat(check("slow.test*2:timeout=200ms").score()).isEqualTo(2);
    }

    @Test
    void aNoprobeZoneIsNotProbedWhenWatched() {
        engine.watch(ZoneSpec.parseList("quiet.test:noprobe, loud.test"));

        assertThat(dns.queriesFor("2.0.0.127.quiet.test")).isZero();
        assertThat(dns.queriesFor("2.0.0.127.loud.test")).isEqualTo(1);
        assertThat(engine.zoneStatus("quiet.test")).hasValueSatisfying(status -> assertThat(status.lastProbe()).isEmpty());
    }

    @Test
    void theIpv6TestPointsAreProbedToo() throws Exception {
        dns.listed("2.0.0.127.dual.test", 300, null, "127.0.0.2")
            .listed(IPV6_LISTED_POINT + "dual.test", 300, null, "127.0.0.2")
            .listed("2.0.0.127.v4only.test", 300, null, "127.0.0.2");
        engine.watch(ZoneSpec.parseList("dual.test, v4only.test"));

        assertThat(engine.probe("dual.test").get().lastProbeResult()).contains("healthy");
        assertThat(engine.probe("v4only.test").get().lastProbeResult())
            .contains("healthy, but IPv6 test point ::FFFF:7F00:2 is not listed");
        assertThat(engine.zoneStatus("v4only.test").orElseThrow().enabled()).isTrue();
    }

    @Test
    void aZoneWhoseIpv6HalfListsEverythingIsDisabled() throws Exception {
        dns.listed("2.0.0.127.wild6.test", 300, null, "127.0.0.2")
            .listed(IPV6_LISTED_POINT + "wild6.test", 300, null, "127.0.0.2")
            .listed(IPV6_UNLISTED_POINT + "wild6.test", 300, null, "127.0.0.2");
        engine.watch(ZoneSpec.parseList("wild6.test"));

        ZoneStatus status = engine.probe("wild6.test").get();

        assertThat(status.enabled()).isFalse();
        assertThat(status.disabledReason()).hasValueSatisfying(reason -> assertThat(reason).contains("::FFFF:7F00:1"));
    }

    @Test
    void twoZonesUnderOneDisplayNameAreRefused() {
        engine.watch(ZoneSpec.parseList("a.test:name=same"));
        assertThatThrownBy(() -> engine.watch(ZoneSpec.parseList("b.test:name=same")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("two different zones are named 'same'");
        assertThat(Optional.of(engine.zoneStatuses().size())).contains(1);
    }

    @Test
    void anOperatorsLookUpShowsEachZoneCachedOrFreshWithoutCounting() throws Exception {
        dns.listed(REVERSED + DQS, 300, "in zen", "127.0.0.2").notListed(REVERSED + "clean.test", 60);
        java.util.List<ZoneSpec> specs = ZoneSpec.parseList(DQS_SPEC + "=127.0.0.[2..11]*3:name=zen, clean.test*2, backscatter.test:safe", KEYS);
        InetAddress client = InetAddress.getByName("192.0.2.1");

        java.util.List<ZoneLookup> first = engine.check(DnsblRequest.operatorLookup(client, specs, false)).get(10, TimeUnit.SECONDS).zoneLookups();
        java.util.List<ZoneLookup> second = engine.check(DnsblRequest.operatorLookup(client, specs, false)).get(10, TimeUnit.SECONDS).zoneLookups();
        java.util.List<ZoneLookup> fresh = engine.check(DnsblRequest.operatorLookup(client, specs, true)).get(10, TimeUnit.SECONDS).zoneLookups();

        assertThat(first).extracting(ZoneLookup::zone).containsExactly("zen", "clean.test", "backscatter.test");
        assertThat(first.get(0).listed()).isTrue();
        assertThat(first.get(0).weight()).isEqualTo(3);
        assertThat(first.get(0).codes()).containsExactly("127.0.0.2");
        assertThat(first.get(0).reason()).contains("in zen");
        assertThat(first.get(1).listed()).isFalse();
        assertThat(first.get(2).safeMode()).isTrue();
        assertThat(first).extracting(ZoneLookup::cached).containsOnly(false);
        assertThat(second).extracting(ZoneLookup::cached).containsOnly(true);
        assertThat(fresh).extracting(ZoneLookup::cached).containsOnly(false);
        assertThat(dns.queriesFor(REVERSED + DQS)).isEqualTo(2);
        assertThat(engine.zoneStatus("zen").orElseThrow().queries()).isZero();

        engine.disable("clean.test", "maintenance");
        assertThat(engine.check(DnsblRequest.operatorLookup(client, specs, false)).get(10, TimeUnit.SECONDS).zoneLookups().get(1).error()).contains(ErrorKind.DISABLED);
    }
}
