package org.bounceguard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void durationsNeedAUnitAndMayBeSpeltOut() {
        assertThat(Values.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.duration(" 2s ")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Values.duration("2 seconds")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Values.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Values.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Values.duration("14d")).isEqualTo(Duration.ofDays(14));
        assertThat(Values.duration("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Values.duration("5")).hasMessageContaining("'5'").hasMessageContaining("unit");
        assertThatThrownBy(() -> Values.duration("soon")).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> Values.duration("-1s")).hasMessageContaining("'-1s'");
        assertThatThrownBy(() -> Values.duration("3 fortnights")).hasMessageContaining("unknown unit 'fortnights'");
        assertThatThrownBy(() -> Values.positiveDuration("0ms")).hasMessageContaining("positive");
    }

    @Test
    void numbersAndTheirRanges() {
        assertThat(Values.wholeNumber("10_000_000")).isEqualTo(10_000_000L);
        assertThat(Values.wholeNumber(" 3 ", 1, 5)).isEqualTo(3);
        assertThatThrownBy(() -> Values.wholeNumber("0", 1, 5)).hasMessageContaining("1 to 5");
        assertThatThrownBy(() -> Values.wholeNumber("0", 1, Integer.MAX_VALUE)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Values.positive("-4")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Values.wholeNumber("three")).hasMessageContaining("'three' is not a whole number");
    }

    @Test
    void booleansAndLists() {
        assertThat(List.of("true", "YES", "on").stream().map(Values::bool)).containsOnly(true);
        assertThat(List.of("false", "No", "OFF").stream().map(Values::bool)).containsOnly(false);
        assertThatThrownBy(() -> Values.bool("maybe")).hasMessageContaining("true or false");
        assertThat(Values.list(" a, b c,,\\td ".replace("\\t", "\t"))).containsExactly("a", "b", "c", "d");
        assertThat(Values.list(null)).isEmpty();
    }

    @Test
    void theNearestKnownNameIsSuggestedOnlyWhenItIsAPlausibleTypo() {
        List<String> known = List.of("dnsbl.deadline", "dnsbl.txt", "ledger.store");
        assertThat(Values.nearest("dnsbl.dedline", known)).contains("dnsbl.deadline");
        assertThat(Values.nearest("DNSBL.TXT", known)).contains("dnsbl.txt");
        assertThat(Values.nearest("completely.different", known)).isEqualTo(Optional.empty());
        assertThat(Values.editDistance("kitten", "sitting")).isEqualTo(3);
        // a tighter bound, for names that may well be someone else's
        assertThat(Values.nearest("dnsbl.dedlin", known, 1)).isEqualTo(Optional.empty());
        assertThat(Values.nearest("dnsbl.dedlin", known, 2)).contains("dnsbl.deadline");
    }

    @Test
    void addressesDomainsAndIpLiterals() {
        assertThat(Addresses.fold(" <Bob@Example.ORG> ")).isEqualTo("bob@example.org");
        assertThat(Addresses.domain("bob@Example.ORG.")).contains("example.org");
        assertThat(Addresses.domain("nobody")).isEmpty();
        assertThat(DomainNames.fold("Zen.Spamhaus.ORG.")).isEqualTo("zen.spamhaus.org");
        assertThat(DomainNames.isHostName("mx-1.example.org")).isTrue();
        assertThat(DomainNames.isHostName("-mx.example.org")).isFalse();
        assertThat(IpLiterals.parse("[IPv6:2001:db8::1]")).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1"));
        assertThat(IpLiterals.parse("[192.0.2.1]")).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("192.0.2.1"));
        assertThat(IpLiterals.parse("mx.example.org")).isEmpty();
    }

    @Test
    void oneDefinitionOfABounce() {
        assertThat(Addresses.isBounceSender(Optional.empty())).isTrue();
        assertThat(Addresses.isBounceSender(Optional.of("<>"))).isTrue();
        assertThat(Addresses.isBounceSender(Optional.of("postmaster@example.org"))).isTrue();
        assertThat(Addresses.isBounceSender(Optional.of("<MAILER-DAEMON@mx.example.org>"))).isTrue();
        assertThat(Addresses.isBounceSender(Optional.of("bob@example.org"))).isFalse();
        assertThat(Addresses.isBounceSender(Optional.of("bob@mailer-daemon.example.org"))).isFalse();
    }
}
