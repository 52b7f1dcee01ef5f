package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bounceguard.net.IpRanges;
import org.bounceguard.testing.FakeTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DnsblEngineTest {
    private static final String CLIENT = "192.0.2.1";
    private static final String REVERSED = "1.2.0.192.";

    private final ScriptedResolver dns = new ScriptedResolver();
    private final FakeTicker ticker = new FakeTicker();
    private DnsblEngine engine = engine(Duration.ofSeconds(5));

    private DnsblEngine engine(Duration deadline) {
        return DnsblEngine.builder()
            .resolver(dns)
            .ticker(ticker::read)
            .deadline(deadline)
            .healthProbeInterval(Duration.ZERO)
            .minTtl(Duration.ofSeconds(60))
            .maxTtl(Duration.ofHours(1))
            .negativeTtl(Duration.ofMinutes(5))
            .build();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static DnsblQuery client(String address, boolean bounce) throws Exception {
        return new DnsblQuery(Optional.of(InetAddress.getByName(address)), Optional.empty(), Optional.empty(), bounce);
    }

    private DnsblVerdict check(String zones) throws Exception {
        return engine.check(DnsblRequest.of(client(CLIENT, false), ZoneSpec.parseList(zones))).get(10, TimeUnit.SECONDS);
    }

    @Test
    void weightsAddUpAndAllowlistsSubtract() throws Exception {
        dns.listed(REVERSED + "a.test", 300, "in a", "127.0.0.2")
            .listed(REVERSED + "b.test", 300, null, "127.0.0.2")
            .listed(REVERSED + "allow.test", 300, null, "127.0.10.2");

        assertThat(check("a.test*3, b.test*2").score()).isEqualTo(5);
        DnsblVerdict allowed = check("a.test*3, b.test*2, allow.test=127.0.[0..255].[1..3]*-5");
        assertThat(allowed.score()).isZero();
        assertThat(allowed.isListedIn("allow.test")).isTrue();
        assertThat(allowed.listings()).extracting(listing -> listing.reason().orElse("")).contains("in a");
    }

    @Test
    void returnCodeFiltersDecideWhichSpecsCountAndAZoneIsAskedOnce() throws Exception {
        dns.listed(REVERSED + "zen.test", 300, null, "127.0.0.4", "127.0.0.10");

        DnsblVerdict verdict = check("zen.test=127.0.0.[2..3]*3, zen.test=127.0.0.4*2, zen.test=127.0.0.10*1");
        assertThat(verdict.score()).isEqualTo(3);
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(1);
        assertThat(check("zen.test=127.0.0.2").isListed()).isFalse();
    }

    @Test
    void safeModeZonesAreOnlyAskedAboutBounces() throws Exception {
        dns.listed(REVERSED + "backscatter.test", 300, null, "127.0.0.2");
        List<ZoneSpec> zones = ZoneSpec.parseList("backscatter.test*3:safe");

        assertThat(engine.check(DnsblRequest.of(client(CLIENT, false), zones)).get().score()).isZero();
        assertThat(dns.queriesFor(REVERSED + "backscatter.test")).isZero();
        DnsblVerdict bounce = engine.check(DnsblRequest.of(client(CLIENT, true), zones)).get();
        assertThat(bounce.safeListings()).extracting(listing -> listing.spec().zone()).containsExactly("backscatter.test");
        assertThat(dns.queriesFor(REVERSED + "backscatter.test")).isEqualTo(1);
    }

    @Test
    void aSafeModeListingIsEvidenceAboutTheBounceAndNeverAddsToTheScore() throws Exception {
        dns.listed(REVERSED + "backscatter.test", 300, null, "127.0.0.2");
        dns.listed(REVERSED + "zen.test", 300, null, "127.0.0.2");
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test*3, backscatter.test*3:safe");

        DnsblVerdict bounce = engine.check(DnsblRequest.of(client(CLIENT, true), zones)).get();

        assertThat(bounce.score()).isEqualTo(3);
        assertThat(bounce.listings()).extracting(listing -> listing.spec().zone()).containsExactly("zen.test");
        assertThat(bounce.safeListings()).extracting(listing -> listing.spec().zone()).containsExactly("backscatter.test");
        assertThat(bounce.summary()).startsWith("score=3; listed=zen.test:127.0.0.2; safe=backscatter.test:127.0.0.2; errors=none");

        DnsblVerdict onlySafe = engine.check(DnsblRequest.of(client(CLIENT, true), ZoneSpec.parseList("backscatter.test*3:safe"))).get();
        assertThat(onlySafe.score()).isZero();
        assertThat(onlySafe.isListed()).isFalse();
        assertThat(onlySafe.summary()).startsWith("score=0; listed=none; safe=backscatter.test:127.0.0.2");
    }

    @Test
    void loopbackPrivateAndTrustedClientsAreNotLookedUpButDomainsStillAre() throws Exception {
        DnsblEngine trusting = DnsblEngine.builder().resolver(dns).healthProbeInterval(Duration.ZERO)
            .trustedNetworks(IpRanges.parse("198.51.100.0/24")).build();
        dns.listed("spam.example.rhsbl.test", 300, null, "127.0.1.2");
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test, rhsbl.test*4:sender");
        try {
            for (String[] expectation : new String[][] {{"127.0.0.5", "loopback"}, {"10.0.0.5", "private"}, {"198.51.100.7", "trusted"}}) {
                DnsblQuery query = new DnsblQuery(Optional.of(InetAddress.getByName(expectation[0])), Optional.of("spam.example"), Optional.empty(), false);
                DnsblVerdict verdict = trusting.check(DnsblRequest.of(query, zones)).get();
                assertThat(verdict.clientSkipReason()).contains(expectation[1]);
                assertThat(verdict.score()).isEqualTo(4);
            }
            assertThat(dns.queriesFor("5.0.0.127.zen.test")).isZero();
        } finally {
            trusting.close();
        }
    }

    @Test
    void refusalCodesAndForeignAnswersAreErrorsNotListings() throws Exception {
        dns.listed(REVERSED + "refusing.test", 300, null, "127.255.255.254")
            .listed(REVERSED + "foreign.test", 300, null, "10.0.0.2");

        DnsblVerdict verdict = check("refusing.test*5, foreign.test*5");
        assertThat(verdict.score()).isZero();
        assertThat(verdict.errors()).extracting(ZoneError::kind).containsExactlyInAnyOrder(ErrorKind.REFUSED_BY_LIST, ErrorKind.BAD_ANSWER);
    }

    @Test
    void dnsTroubleFailsOpen() throws Exception {
        dns.servfail(REVERSED + "broken.test")
            .failing(REVERSED + "unreachable.test", new PortUnreachableException("ICMP port unreachable"))
            .failing(REVERSED + "slow.test", new SocketTimeoutException("Timed out while trying to resolve"))
            .listed(REVERSED + "fine.test", 300, null, "127.0.0.2");

        DnsblVerdict verdict = check("broken.test*9, unreachable.test*9, slow.test*9, fine.test*2");
        assertThat(verdict.score()).isEqualTo(2);
        assertThat(verdict.errors()).extracting(ZoneError::kind)
            .containsExactlyInAnyOrder(ErrorKind.SERVFAIL, ErrorKind.NETWORK, ErrorKind.TIMEOUT);
        assertThat(engine.zoneStatus("broken.test").orElseThrow().errors()).isEqualTo(1);
        assertThat(engine.zoneStatus("slow.test").orElseThrow().timeouts()).isEqualTo(1);
    }

    @Test
    void zonesThatMissTheDeadlineCountAsNotListedWhileOthersCount() throws Exception {
        engine.close();
        engine = engine(Duration.ofMillis(200));
        CompletableFuture<Void> slowAnswer = dns.heldBack(REVERSED + "slow.test", "127.0.0.2");
        dns.listed(REVERSED + "fast.test", 300, null, "127.0.0.2");

        DnsblVerdict verdict = check("slow.test*5, fast.test*2");
        assertThat(verdict.score()).isEqualTo(2);
        assertThat(verdict.errors()).singleElement().satisfies(error -> {
            assertThat(error.zone()).isEqualTo("slow.test");
            assertThat(error.kind()).isEqualTo(ErrorKind.TIMEOUT);
        });
        slowAnswer.complete(null);
    }

    @Test
    void concurrentChecksOfOneClientShareOneQuery() throws Exception {
        CompletableFuture<Void> answer = dns.heldBack(REVERSED + "zen.test", "127.0.0.2");
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test*3");

        CompletableFuture<DnsblVerdict> first = engine.check(DnsblRequest.of(client(CLIENT, false), zones));
        CompletableFuture<DnsblVerdict> second = engine.check(DnsblRequest.of(client(CLIENT, false), zones));
        assertThat(engine.stats().inFlight()).isEqualTo(1);
        answer.complete(null);

        assertThat(first.get().score()).isEqualTo(3);
        assertThat(second.get().score()).isEqualTo(3);
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(1);
    }

    @Test
    void aPrefetchAsksEveryZoneOnceAndTheCheckThatFollowsSharesItsQueries() throws Exception {
        CompletableFuture<Void> zen = dns.heldBack(REVERSED + "zen.test", "127.0.0.2");
        dns.notListed(REVERSED + "spamcop.test", 300);
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test=127.0.0.[2..3]*3, zen.test=127.0.0.4*2, spamcop.test*2, backscatter.test*3:safe");

        engine.check(DnsblRequest.of(client(CLIENT, false), zones)); // the prefetch: a check whose verdict nobody reads
        assertThat(engine.stats().inFlight()).isEqualTo(1); // zen held back; spamcop answered; the safe-mode zone waits for a bounce
        CompletableFuture<DnsblVerdict> check = engine.check(DnsblRequest.of(client(CLIENT, false), zones));
        zen.complete(null);

        assertThat(check.get(10, TimeUnit.SECONDS).score()).isEqualTo(3);
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(1);
        assertThat(dns.queriesFor(REVERSED + "spamcop.test")).isEqualTo(1);
        assertThat(dns.queriesFor(REVERSED + "backscatter.test")).isZero();
        // the check joined zen's exchange in flight (a miss) and found spamcop's answer cached (a hit)
        assertThat(engine.stats().cacheMisses()).isEqualTo(3);
        assertThat(engine.stats().cacheHits()).isEqualTo(1);
    }

    @Test
    void aPrefetchOfASkippedClientAsksNothing() throws Exception {
        engine.check(DnsblRequest.of(client("127.0.0.1", false), ZoneSpec.parseList("zen.test*3"))); // the prefetch: a check whose verdict nobody reads
        assertThat(dns.queriesFor("1.0.0.127.zen.test")).isZero();
        assertThat(engine.stats().cacheMisses()).isZero();
    }

    @Test
    void answersAreCachedForTheirClampedTtl() throws Exception {
        dns.listed(REVERSED + "zen.test", 5, null, "127.0.0.2");

        check("zen.test");
        check("zen.test");
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(1);
        assertThat(engine.stats().cacheHits()).isEqualTo(1);

        ticker.advance(Duration.ofSeconds(30)); // TTL 5 s was raised to the 60 s minimum
        check("zen.test");
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(1);

        ticker.advance(Duration.ofSeconds(31));
        check("zen.test");
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(2);
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimum() throws Exception {
        dns.notListed(REVERSED + "zen.test", 120);

        check("zen.test");
        ticker.advance(Duration.ofSeconds(100));
        check("zen.test");
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(1);
        ticker.advance(Duration.ofSeconds(30));
        check("zen.test");
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(2);
    }

    @Test
    void clientsWithTheSameAnswerEachKeepItForTheirOwnTtl() throws Exception {
        dns.notListed("1.2.0.192.zen.test", 120).notListed("2.2.0.192.zen.test", 120);
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test");

        engine.check(DnsblRequest.of(client("192.0.2.1", false), zones)).get(10, TimeUnit.SECONDS);
        ticker.advance(Duration.ofSeconds(100));
        engine.check(DnsblRequest.of(client("192.0.2.2", false), zones)).get(10, TimeUnit.SECONDS);
        ticker.advance(Duration.ofSeconds(30)); // the first answer is 130 s old, the second 30 s
        engine.check(DnsblRequest.of(client("192.0.2.1", false), zones)).get(10, TimeUnit.SECONDS);
        engine.check(DnsblRequest.of(client("192.0.2.2", false), zones)).get(10, TimeUnit.SECONDS);

        assertThat(dns.queriesFor("1.2.0.192.zen.test")).isEqualTo(2);
        assertThat(dns.queriesFor("2.2.0.192.zen.test")).isEqualTo(1);
        ticker.advance(Duration.ofSeconds(91));
        engine.check(DnsblRequest.of(client("192.0.2.2", false), zones)).get(10, TimeUnit.SECONDS);
        assertThat(dns.queriesFor("2.2.0.192.zen.test")).isEqualTo(2);
    }

    @Test
    void cachedListingsKeepEachClientsOwnReturnCodesAndReason() throws Exception {
        dns.listed("1.2.0.192.zen.test", 300, null, "127.0.0.2")
            .listed("2.2.0.192.zen.test", 300, null, "127.0.0.2")
            .listed("3.2.0.192.zen.test", 300, null, "127.0.0.4")
            .listed("4.2.0.192.zen.test", 300, "see 192.0.2.4", "127.0.0.2");
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test=127.0.0.2*3, zen.test=127.0.0.4*1");

        for (int round = 0; round < 2; round++) { // asked, then cached
            for (String address : List.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4")) {
                engine.check(DnsblRequest.of(client(address, false), zones)).get(10, TimeUnit.SECONDS);
            }
        }
        DnsblVerdict second = engine.check(DnsblRequest.of(client("192.0.2.2", false), zones)).get(10, TimeUnit.SECONDS);
        DnsblVerdict third = engine.check(DnsblRequest.of(client("192.0.2.3", false), zones)).get(10, TimeUnit.SECONDS);
        DnsblVerdict fourth = engine.check(DnsblRequest.of(client("192.0.2.4", false), zones)).get(10, TimeUnit.SECONDS);

        assertThat(engine.stats().cacheMisses()).isEqualTo(4);
        assertThat(second.score()).isEqualTo(3);
        assertThat(second.listings()).extracting(Listing::queryName, Listing::returnCodes, Listing::reason)
            .containsExactly(tuple("2.2.0.192.zen.test", List.of("127.0.0.2"), Optional.empty()));
        assertThat(third.score()).isEqualTo(1);
        assertThat(third.listings()).extracting(Listing::returnCodes).containsExactly(List.of("127.0.0.4"));
        assertThat(fourth.listings()).extracting(Listing::reason).containsExactly(Optional.of("see 192.0.2.4"));
    }

    @Test
    void errorsAreNotCached() throws Exception {
        dns.servfail(REVERSED + "zen.test");

        check("zen.test");
        check("zen.test");
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(2);
    }

    @Test
    void failuresAreToldApartByTypeNeverByTheirText() throws Exception {
        dns.failing(REVERSED + "typed.test", new SocketTimeoutException("no answer"))
            .failing(REVERSED + "worded.test", new IOException("connection timed out"));

        DnsblVerdict verdict = check("typed.test*9, worded.test*9");
        assertThat(verdict.errors()).extracting(ZoneError::zone, ZoneError::kind)
            .containsExactlyInAnyOrder(tuple("typed.test", ErrorKind.TIMEOUT), tuple("worded.test", ErrorKind.NETWORK));
    }

    @Test
    void aFailureIsSharedByEveryCheckWaitingForItButNotCached() throws Exception {
        CompletableFuture<Void> failure = dns.heldBackFailing(REVERSED + "zen.test", new SocketTimeoutException("no answer"));
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test*3");

        CompletableFuture<DnsblVerdict> first = engine.check(DnsblRequest.of(client(CLIENT, false), zones));
        CompletableFuture<DnsblVerdict> second = engine.check(DnsblRequest.of(client(CLIENT, false), zones));
        failure.complete(null);

        assertThat(first.get(10, TimeUnit.SECONDS).errors()).extracting(ZoneError::kind).containsExactly(ErrorKind.TIMEOUT);
        assertThat(second.get(10, TimeUnit.SECONDS).errors()).extracting(ZoneError::kind).containsExactly(ErrorKind.TIMEOUT);
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(1);
        assertThat(engine.stats().inFlight()).isZero();

        dns.listed(REVERSED + "zen.test", 300, null, "127.0.0.2");
        assertThat(check("zen.test*3").score()).isEqualTo(3);
        assertThat(dns.queriesFor(REVERSED + "zen.test")).isEqualTo(2);
    }

    @Test
    void anOperatorLookUpAsksEvenALoopbackClientAndLeavesTheCountersAlone() throws Exception {
        dns.listed("2.0.0.127.zen.test", 300, "test point", "127.0.0.2");
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.test*3, backscatter.test*2:safe");

        DnsblVerdict verdict = engine.check(DnsblRequest.operatorLookup(InetAddress.getByName("127.0.0.2"), zones, false)).get(10, TimeUnit.SECONDS);
        assertThat(verdict.zoneLookups()).extracting(ZoneLookup::zone, ZoneLookup::listed, ZoneLookup::weight, ZoneLookup::codes)
            .containsExactly(tuple("zen.test", true, 3, List.of("127.0.0.2")), tuple("backscatter.test", false, 0, List.of()));
        assertThat(engine.zoneStatus("zen.test").orElseThrow().queries()).isZero();
        assertThat(engine.stats().cacheMisses()).isZero();

        DnsblVerdict again = engine.check(DnsblRequest.operatorLookup(InetAddress.getByName("127.0.0.2"), zones, false)).get(10, TimeUnit.SECONDS);
        assertThat(again.zoneLookups().get(0).cached()).isTrue();
        assertThat(dns.queriesFor("2.0.0.127.zen.test")).isEqualTo(1);
        // the mail's check of the same client skips it: loopback
        assertThat(engine.check(DnsblRequest.of(client("127.0.0.2", false), zones)).get(10, TimeUnit.SECONDS).clientSkipReason()).contains("loopback");
    }

    @Test
    void cacheSizeIsBounded() throws Exception {
        engine.close();
        engine = DnsblEngine.builder().resolver(dns).healthProbeInterval(Duration.ZERO).skipPrivate(false).cacheMaximumSize(10).build();
        for (int i = 1; i <= 50; i++) {
            engine.check(DnsblRequest.of(client("10.0.0." + i, false), ZoneSpec.parseList("zen.test"))).get();
        }
        assertThat(engine.stats().cacheSize()).isLessThanOrEqualTo(10);
    }

    @Test
    void aWildcardZoneIsDisabledByItsHealthProbeAndIgnored() throws Exception {
        dns.listed("2.0.0.127.wild.test", 300, null, "127.0.0.2")
            .listed("1.0.0.127.wild.test", 300, null, "127.0.0.2")
            .listed(REVERSED + "wild.test", 300, null, "127.0.0.2");

        ZoneStatus status = engine.probe("wild.test").exceptionally(e -> null).get();
        assertThat(status).as("a zone must be in use before it can be probed").isNull();

        engine.watch(ZoneSpec.parseList("wild.test"));
        status = engine.probe("wild.test").get();
        assertThat(status.enabled()).isFalse();
        assertThat(status.disabledReason()).hasValueSatisfying(reason -> assertThat(reason).contains("127.0.0.1"));
        DnsblVerdict verdict = check("wild.test*5");
        assertThat(verdict.score()).isZero();
        assertThat(verdict.errors()).extracting(ZoneError::kind).containsExactly(ErrorKind.DISABLED);
    }

    @Test
    void repeatedRefusalsDisableAZoneAndAHealthyProbeBringsItBack() throws Exception {
        dns.listed(REVERSED + "quota.test", 300, null, "127.255.255.255");
        engine.watch(ZoneSpec.parseList("quota.test"));
        for (int i = 0; i < 3; i++) {
            engine.flushCache();
            check("quota.test");
        }
        assertThat(engine.zoneStatus("quota.test").orElseThrow().enabled()).isFalse();
        assertThat(engine.zoneStatus("quota.test").orElseThrow().refusals()).isGreaterThanOrEqualTo(3);

        dns.listed("2.0.0.127.quota.test", 300, null, "127.0.0.2").notListed("1.0.0.127.quota.test", 60);
        assertThat(engine.probe("quota.test").get().enabled()).isTrue();
    }

    @Test
    void anOperatorsDisableIsNotUndoneByProbes() throws Exception {
        dns.listed("2.0.0.127.zen.test", 300, null, "127.0.0.2").notListed("1.0.0.127.zen.test", 60);
        engine.watch(ZoneSpec.parseList("zen.test"));
        engine.disable("zen.test", "maintenance");

        ZoneStatus status = engine.probe("zen.test").get();
        assertThat(status.enabled()).isFalse();
        assertThat(status.disabledReason()).contains("maintenance");
        assertThat(status.lastProbeResult()).hasValueSatisfying(result -> assertThat(result).startsWith("healthy"));
        engine.enable("zen.test");
        assertThat(engine.zoneStatus("zen.test").orElseThrow().enabled()).isTrue();
    }

    @Test
    void countersAndLatencyPercentilesAreKept() throws Exception {
        dns.listed(REVERSED + "zen.test", 300, null, "127.0.0.2");
        check("zen.test");
        check("zen.test");

        ZoneStatus status = engine.zoneStatus("zen.test").orElseThrow();
        assertThat(status.queries()).isEqualTo(2);
        assertThat(status.listed()).isEqualTo(2);
        assertThat(status.latencyP99()).isGreaterThanOrEqualTo(status.latencyP50());
    }

    @Test
    void latencyHistogramReadsPercentiles() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 90; i++) {
            histogram.record(TimeUnit.MILLISECONDS.toNanos(2));
        }
        for (int i = 0; i < 10; i++) {
            histogram.record(TimeUnit.MILLISECONDS.toNanos(200));
        }
        assertThat(histogram.percentile(0.50).toMillis()).isBetween(2L, 3L);
        assertThat(histogram.percentile(0.99).toMillis()).isBetween(200L, 230L);
    }
}
