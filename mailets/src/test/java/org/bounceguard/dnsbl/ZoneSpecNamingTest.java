package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Display names, per-zone timeouts and probes: the zone spec flags of key-carrying mirrors. */
class ZoneSpecNamingTest {
    private static final String KEY = "secretkey123";
    private static final ZoneKeys KEYS = ZoneKeys.parse("dqs:" + KEY);

    @Test
    void aDisplayNameIsWhatIsShownAndTheKeyOnlyWhatIsAsked() {
        ZoneSpec zen = ZoneSpec.parse("{dqs}.zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen", KEYS);
        assertThat(zen.zone()).isEqualTo("zen");
        assertThat(zen.dnsZone()).isEqualTo(KEY + ".zen.dq.spamhaus.net");
        assertThat(zen.weight()).isEqualTo(3);
        assertThat(zen.renamed()).isTrue();
        assertThat(zen.toString()).isEqualTo("zen=127.0.0.[2..11]*3").doesNotContain(KEY);
    }

    @Test
    void aZoneWithAKeyLabelAndNoNameIsShownWithoutIt() {
        ZoneSpec dbl = ZoneSpec.parse("{DQS}.dbl.dq.spamhaus.net:sender", KEYS);
        assertThat(dbl.zone()).isEqualTo("dbl.dq.spamhaus.net");
        assertThat(dbl.dnsZone()).isEqualTo(KEY + ".dbl.dq.spamhaus.net");
        assertThat(dbl.toString()).isEqualTo("dbl.dq.spamhaus.net:sender");
        assertThat(ZoneSpec.parse("zen.spamhaus.org").renamed()).isFalse();
        // another provider's key in the middle of its zone
        assertThat(ZoneSpec.parse("list.{dqs}.mirror.example", KEYS).dnsZone()).isEqualTo("list." + KEY + ".mirror.example");
        assertThat(ZoneSpec.parse("list.{dqs}.mirror.example", KEYS).zone()).isEqualTo("list.mirror.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        KEY + ".zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen",
        KEY + ".dbl.dq.spamhaus.net:sender",
        KEY + ".zen.dq.spamhaus.net:nmae=zen",
        KEY + ".zen.dq.spamhaus.net*x",
        "SECRETKEY123.ZEN.DQ.SPAMHAUS.NET:strict",
    })
    void aKeyWrittenOutInAZoneSpecIsRefusedWithoutRepeatingIt(String token) {
        assertThatThrownBy(() -> ZoneSpec.parse(token, KEYS))
            .isInstanceOf(InvalidZoneSpecException.class)
            .hasMessageContaining("dnsbl.keys")
            .hasMessageContaining("{dqs}.")
            .satisfies(error -> assertThat(error.getMessage()).doesNotContainIgnoringCase(KEY));
    }

    @Test
    void aKeyLabelNamingNoKeyIsRefusedNamingTheKnownNamesOnly() {
        assertThatThrownBy(() -> ZoneSpec.parse("{dsq}.zen.dq.spamhaus.net", KEYS))
            .isInstanceOf(InvalidZoneSpecException.class)
            .hasMessageContaining("no key named 'dsq'").hasMessageContaining("keys: dqs")
            .satisfies(error -> assertThat(error.getMessage()).doesNotContain(KEY));
        assertThatThrownBy(() -> ZoneSpec.parse("{dqs}.zen.dq.spamhaus.net"))
            .hasMessageContaining("no key named 'dqs'").hasMessageContaining("none is set");
    }

    @Test
    void redactionReplacesTheDnsZoneInAnyCase() {
        ZoneSpec zen = ZoneSpec.parse("{dqs}.zen.dq.spamhaus.net:name=zen", KEYS);
        assertThat(zen.redact("no answer for 2.0.0.127." + KEY.toUpperCase() + ".ZEN.dq.spamhaus.net."))
            .isEqualTo("no answer for 2.0.0.127.zen.");
        assertThat(ZoneSpec.parse("zen.spamhaus.org").redact("as is")).isEqualTo("as is");
    }

    @Test
    void timeoutAndNoprobeFlags() {
        ZoneSpec spec = ZoneSpec.parse("slow.example.org*2:timeout=500ms:noprobe");
        assertThat(spec.timeout()).contains(Duration.ofMillis(500));
        assertThat(spec.healthProbes()).isFalse();
        assertThat(ZoneSpec.parse("slow.example.org:timeout=2s").timeout()).contains(Duration.ofSeconds(2));
        assertThat(ZoneSpec.parse("zen.spamhaus.org").timeout()).isEmpty();
        assertThat(ZoneSpec.parse("zen.spamhaus.org").healthProbes()).isTrue();
        assertThat(spec.toString()).isEqualTo("slow.example.org*2:timeout=500ms:noprobe");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{dqs}.zen.dq.spamhaus.net*x:name=zen",
        "{dqs}.zen.dq.spamhaus.net=127.0.0:name=zen",
        "{dqs}.zen.dq.spamhaus.net:strict:name=zen",
        "{dqs}.zen.dq.spamhaus.net:timeout=fast",
        "{dqs}..zen.dq.spamhaus.net:name=zen",
        "{dqs}..zen.dq.spamhaus.net",
        "{dqs}.zen.dq.spamhaus.net:name=bad name!",
        "{dqs}.zen.dq.spamhaus.net:nmae=zen",
        "{dqs}.zen.dq.spamhaus.net:sender:hleo",
    })
    void errorsAboutAZoneWithAKeyLabelNeverShowTheKey(String token) {
        assertThatThrownBy(() -> ZoneSpec.parse(token, KEYS))
            .isInstanceOf(InvalidZoneSpecException.class)
            .satisfies(error -> assertThat(error.getMessage()).doesNotContain(KEY));
    }

    @Test
    void aBadTimeoutIsNamed() {
        assertThatThrownBy(() -> ZoneSpec.parse("zen.spamhaus.org:timeout=0ms"))
            .isInstanceOf(InvalidZoneSpecException.class)
            .hasMessageContaining("timeout '0ms'");
    }

    @Test
    void twoZonesMayNotShareADisplayName() {
        assertThatThrownBy(() -> ZoneSpec.parseList("a.example.org:name=zen, b.example.org:name=zen"))
            .isInstanceOf(InvalidZoneSpecException.class)
            .hasMessageContaining("two different zones are named 'zen'");
        assertThat(ZoneSpec.parseList("a.example.org=127.0.0.2:name=zen, a.example.org=127.0.0.3*2:name=zen")).hasSize(2);
    }
}
