package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class RcptRefusalCountersTest {
    private static final ZoneSpec ZEN = ZoneSpec.parseList("zen.spamhaus.org=127.0.0.[2..11]*3").get(0);
    private static final ZoneSpec SPAMCOP = ZoneSpec.parseList("bl.spamcop.net*2").get(0);
    private static final ZoneSpec BARRACUDA = ZoneSpec.parseList("b.barracudacentral.org*3").get(0);
    private static final ZoneSpec DNSWL = ZoneSpec.parseList("list.dnswl.org=127.0.[0..255].[1..3]*-1").get(0);
    private static final RcptRefusalPolicy POLICY = new RcptRefusalPolicy(5, Optional.empty(), Set.of("bl.spamcop.net"));

    private final RcptRefusalCounters counters = new RcptRefusalCounters();

    @Test
    void eachAnswerCountsOnceUnderItsOwnName() {
        check(verdict(List.of(listing(ZEN), listing(SPAMCOP)), List.of()));
        check(verdict(List.of(listing(ZEN)), List.of(error("bl.spamcop.net"))));
        check(verdict(List.of(), List.of()));
        counters.recordRoleAccount();
        counters.recordRoleAccount();
        counters.recordTrustedClient();

        RcptRefusalCounters.Snapshot snapshot = counters.snapshot();
        assertThat(snapshot.checked()).isEqualTo(3);
        assertThat(snapshot.refused()).isEqualTo(1);
        assertThat(snapshot.deferred()).isEqualTo(1);
        assertThat(snapshot.failedOpen()).isZero();
        assertThat(snapshot.roleAccount()).isEqualTo(2);
        assertThat(snapshot.trustedClient()).isEqualTo(1);
    }

    @Test
    void anAcceptanceDespiteAZoneErrorFailedOpenButARefusalDespiteOneDidNot() {
        check(verdict(List.of(listing(ZEN)), List.of(error("b.barracudacentral.org"))));
        check(verdict(List.of(listing(ZEN), listing(SPAMCOP)), List.of(error("b.barracudacentral.org"))));

        RcptRefusalCounters.Snapshot snapshot = counters.snapshot();
        assertThat(snapshot.failedOpen()).isEqualTo(1);
        assertThat(snapshot.refused()).isEqualTo(1);
        assertThat(snapshot.checked()).isEqualTo(2);
    }

    @Test
    void aRefusalCountsForEveryDeclaredZoneThatAddedToTheScore() {
        counters.addZones(List.of("zen.spamhaus.org", "bl.spamcop.net", "list.dnswl.org"));

        check(verdict(List.of(listing(ZEN), listing(SPAMCOP)), List.of()));
        check(verdict(List.of(listing(ZEN), listing(BARRACUDA), listing(DNSWL), listing(SPAMCOP)), List.of()));

        assertThat(counters.snapshot().refusedByZone()).containsExactly(
            Map.entry("bl.spamcop.net", 2L), Map.entry("list.dnswl.org", 0L), Map.entry("zen.spamhaus.org", 2L));
        assertThat(counters.snapshot().refusedBy("Zen.Spamhaus.org")).isEqualTo(2);
        assertThat(counters.snapshot().refusedBy("b.barracudacentral.org")).as("not declared: not counted").isZero();
        assertThat(counters.zones()).containsExactly("bl.spamcop.net", "list.dnswl.org", "zen.spamhaus.org");
    }

    @Test
    void declaringAZoneAgainKeepsItsCount() {
        counters.addZones(List.of("zen.spamhaus.org", "bl.spamcop.net"));
        check(verdict(List.of(listing(ZEN), listing(SPAMCOP)), List.of()));

        counters.addZones(List.of("ZEN.spamhaus.org", "b.barracudacentral.org"));

        assertThat(counters.snapshot().refusedByZone()).containsOnly(
            Map.entry("zen.spamhaus.org", 1L), Map.entry("bl.spamcop.net", 1L), Map.entry("b.barracudacentral.org", 0L));
    }

    @Test
    void aKeyCarryingZoneIsCountedUnderItsDisplayName() {
        ZoneSpec dqs = ZoneSpec.parseList("{dqs}.zen.dq.spamhaus.net=127.0.0.[2..11]*5",
            org.bounceguard.dnsbl.ZoneKeys.parse("dqs:secretkey123")).get(0);
        counters.addZones(List.of(dqs.zone()));

        check(verdict(List.of(listing(dqs)), List.of()));

        assertThat(counters.snapshot().refusedByZone()).hasSize(1).containsValue(1L);
        assertThat(counters.snapshot().refusedByZone().keySet()).noneMatch(zone -> zone.contains("secretkey123"));
    }

    @Test
    void countsFromManyThreadsAreExact() throws Exception {
        counters.addZones(List.of("zen.spamhaus.org"));
        DnsblVerdict refused = verdict(List.of(listing(ZEN), listing(SPAMCOP)), List.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4000; i++) {
            pool.execute(() -> check(refused));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(counters.snapshot().refused()).isEqualTo(4000);
        assertThat(counters.snapshot().refusedBy("zen.spamhaus.org")).isEqualTo(4000);
    }

    @Test
    void theSnapshotDoesNotMoveWithLaterCounts() {
        counters.addZones(List.of("zen.spamhaus.org"));
        RcptRefusalCounters.Snapshot before = counters.snapshot();

        check(verdict(List.of(listing(ZEN), listing(SPAMCOP)), List.of()));

        assertThat(before.refused()).isZero();
        assertThat(before.refusedBy("zen.spamhaus.org")).isZero();
        assertThat(counters.snapshot().refused()).isEqualTo(1);
    }

    private void check(DnsblVerdict verdict) {
        counters.recordChecked(verdict, POLICY.decide(InetAddresses.forString("192.0.2.1"), verdict));
    }

    private static Listing listing(ZoneSpec spec) {
        return new Listing(spec, "1.2.0.192." + spec.dnsZone(), List.of("127.0.0.2"), Optional.of("listed"));
    }

    private static ZoneError error(String zone) {
        return new ZoneError(zone, ErrorKind.TIMEOUT, "no answer");
    }

    private static DnsblVerdict verdict(List<Listing> listings, List<ZoneError> errors) {
        return new DnsblVerdict(listings, errors, Optional.empty());
    }
}
