package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class RcptRefusalPolicyTest {
    private static final ZoneSpec ZEN = ZoneSpec.parseList("zen.spamhaus.org=127.0.0.[2..11]*3").get(0);
    private static final ZoneSpec SPAMCOP = ZoneSpec.parseList("bl.spamcop.net*2").get(0);
    private final RcptRefusalPolicy policy = new RcptRefusalPolicy(5, Optional.empty(), Set.of());

    @Test
    void aScoreAtTheThresholdIsRefusedWithTheStrongestListsReason() {
        DnsblVerdict verdict = verdict(List.of(listing(SPAMCOP, "spamcop says no"), listing(ZEN, "https://www.spamhaus.org/query/ip/192.0.2.1")), List.of());

        assertThat(policy.decide(InetAddresses.forString("192.0.2.1"), verdict)).isEqualTo(new RcptRefusalPolicy.Answer.Refuse(
            "5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org: https://www.spamhaus.org/query/ip/192.0.2.1"));
    }

    @Test
    void aScoreBelowTheThresholdIsLeftToTheQuarantineAndTheGuards() {
        assertThat(policy.decide(InetAddresses.forString("192.0.2.1"), verdict(List.of(listing(ZEN, "listed")), List.of())))
            .isEqualTo(new RcptRefusalPolicy.Answer.Accept());
    }

    @Test
    void aConfiguredMessageReplacesTheListsReason() {
        RcptRefusalPolicy custom = new RcptRefusalPolicy(3, Optional.of("Your server is listed; write to postmaster@bounceguard.test"), Set.of());

        assertThat(custom.decide(InetAddresses.forString("192.0.2.1"), verdict(List.of(listing(ZEN, "listed")), List.of())))
            .isEqualTo(new RcptRefusalPolicy.Answer.Refuse("5.7.1 Your server is listed; write to postmaster@bounceguard.test"));
    }

    @Test
    void aListWithoutTxtIsNamedWithItsAddress() {
        RcptRefusalPolicy.Answer answer = new RcptRefusalPolicy(3, Optional.empty(), Set.of())
            .decide(InetAddresses.forString("192.0.2.1"), verdict(List.of(new Listing(ZEN, "1.2.0.192.zen.spamhaus.org", List.of("127.0.0.2"), Optional.empty())), List.of()));

        assertThat(answer).isEqualTo(new RcptRefusalPolicy.Answer.Refuse(
            "5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.spamhaus.org: see http://zen.spamhaus.org/"));
    }

    @Test
    void aTxtReasonCannotInjectLinesOrControlCharacters() {
        DnsblVerdict verdict = verdict(List.of(listing(ZEN, "bad\r\n250 OK\u0000" + "x".repeat(1000)), listing(SPAMCOP, "")), List.of());

        RcptRefusalPolicy.Answer.Refuse refused = (RcptRefusalPolicy.Answer.Refuse) policy.decide(InetAddresses.forString("192.0.2.1"), verdict);

        assertThat(refused.text()).doesNotContain("\r", "\n", "\u0000").contains("bad  250 OK");
        assertThat(refused.text().length()).isLessThan(420);
    }

    @Test
    void aFailingZoneIsFailOpenUnlessItIsATempfailZone() {
        DnsblVerdict failed = verdict(List.of(), List.of(new ZoneError("zen.spamhaus.org", ErrorKind.TIMEOUT, "no answer")));

        assertThat(policy.decide(InetAddresses.forString("192.0.2.1"), failed)).isEqualTo(new RcptRefusalPolicy.Answer.Accept());
        assertThat(new RcptRefusalPolicy(5, Optional.empty(), Set.of("Zen.Spamhaus.org")).decide(InetAddresses.forString("192.0.2.1"), failed))
            .isEqualTo(new RcptRefusalPolicy.Answer.Defer(
                "4.7.1 Service unavailable: zen.spamhaus.org could not be consulted about 192.0.2.1; try again later"));
    }

    @Test
    void aThresholdBelowOneIsRefused() {
        assertThatThrownBy(() -> new RcptRefusalPolicy(0, Optional.empty(), Set.of()))
            .hasMessageContaining("rejectThreshold must be at least 1");
    }

    private static Listing listing(ZoneSpec spec, String reason) {
        return new Listing(spec, "1.2.0.192." + spec.zone(), List.of("127.0.0.2"), Optional.of(reason));
    }

    private static DnsblVerdict verdict(List<Listing> listings, List<ZoneError> errors) {
        return new DnsblVerdict(listings, errors, Optional.empty());
    }
}
