package org.bounceguard.it.cores;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.ErrorKind;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.testsupport.Rbldnsd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's query names and answer handling against a real rbldnsd (ip4set, ip6trie, dnset). */
class DnsblEngineAgainstRbldnsdIT {
    @RegisterExtension
    static Rbldnsd rbldnsd = new Rbldnsd()
        .zone("combined.test", "ip4set", ":127.0.0.2:IPv4 listing", "127.0.0.2", "192.0.2.1")
        .zone("combined.test", "ip6trie", ":127.0.0.3:IPv6 listing", "2001:db8::1", "2001:db8:1::/48 :127.0.0.4:whole /48")
        .zone("refusing.test", "ip4set", ":127.255.255.254:Queries through public resolvers are refused", "0.0.0.0/1", "128.0.0.0/1")
        .zone("outside.test", "ip4set", ":10.0.0.2:Not a loopback answer", "0.0.0.0/1", "128.0.0.0/1")
        .zone("rhsbl.test", "dnset", ":127.0.1.2:Spammy domain", "spam.example", "test")
        .zone("wildcard.test", "ip4set", ":127.0.0.2:Everything is listed", "0.0.0.0/1", "128.0.0.0/1");

    private static DnsblEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = DnsblEngine.builder()
            .servers(List.of(rbldnsd.address()))
            .skipLoopback(false)
            .healthProbeInterval(Duration.ZERO)
            .build();
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    private static DnsblVerdict check(String client, String zones) throws Exception {
        return engine.checkBlocking(DnsblRequest.of(new DnsblQuery(Optional.of(InetAddress.getByName(client)), Optional.empty(), Optional.empty(), false),
            ZoneSpec.parseList(zones)));
    }

    @Test
    void ipv6ClientIsLookedUpByReversedNibblesInAnIp6trieZone() throws Exception {
        DnsblVerdict verdict = check("2001:db8::1", "combined.test*3");

        assertThat(verdict.score()).isEqualTo(3);
        assertThat(verdict.listings()).singleElement().satisfies(listing -> {
            assertThat(listing.queryName()).isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.combined.test");
            assertThat(listing.returnCodes()).containsExactly("127.0.0.3");
            assertThat(listing.reason()).contains("IPv6 listing");
        });
    }

    @Test
    void ipv6RangesAndReturnCodeFiltersApply() throws Exception {
        assertThat(check("2001:db8:1::99", "combined.test=127.0.0.4*2").score()).isEqualTo(2);
        assertThat(check("2001:db8:1::99", "combined.test=127.0.0.3*2").score()).isZero();
        assertThat(check("2001:db8:2::1", "combined.test*2").isListed()).isFalse();
    }

    @Test
    void ipv4MappedIpv6IsCheckedAsIpv4() throws Exception {
        DnsblVerdict verdict = check("::ffff:192.0.2.1", "combined.test");

        assertThat(verdict.isListedIn("combined.test")).isTrue();
        assertThat(verdict.listings().get(0).queryName()).isEqualTo("1.2.0.192.combined.test");
    }

    @Test
    void refusalCodesAreErrorsNeverListings() throws Exception {
        DnsblVerdict verdict = check("192.0.2.77", "refusing.test*5");

        assertThat(verdict.score()).isZero();
        assertThat(verdict.errors()).extracting(error -> error.kind()).containsExactly(ErrorKind.REFUSED_BY_LIST);
    }

    @Test
    void answersOutsideLoopbackAreIgnored() throws Exception {
        DnsblVerdict verdict = check("192.0.2.77", "outside.test*5");

        assertThat(verdict.score()).isZero();
        assertThat(verdict.errors()).extracting(error -> error.kind()).containsExactly(ErrorKind.BAD_ANSWER);
    }

    @Test
    void senderDomainIsLookedUpInRhsblZones() throws Exception {
        List<ZoneSpec> zones = ZoneSpec.parseList("rhsbl.test=127.0.1.2*4:sender");
        DnsblVerdict listed = engine.checkBlocking(DnsblRequest.of(new DnsblQuery(Optional.empty(), Optional.of("spam.example"), Optional.empty(), false), zones));
        DnsblVerdict clean = engine.checkBlocking(DnsblRequest.of(new DnsblQuery(Optional.empty(), Optional.of("ham.example"), Optional.empty(), false), zones));

        assertThat(listed.score()).isEqualTo(4);
        assertThat(listed.listings().get(0).queryName()).isEqualTo("spam.example.rhsbl.test");
        assertThat(clean.score()).isZero();
    }

    @Test
    void healthProbeDisablesAZoneThatListsTheNegativeTestPoint() throws Exception {
        engine.watch(ZoneSpec.parseList("wildcard.test, combined.test"));

        assertThat(engine.probe("combined.test").get().enabled()).isTrue();
        assertThat(engine.probe("wildcard.test").get().enabled()).isFalse();
        assertThat(check("192.0.2.1", "wildcard.test*5").score()).isZero();
    }
}
