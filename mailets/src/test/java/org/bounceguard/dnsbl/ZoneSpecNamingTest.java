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

    @Test
    void aDisplayNameIsWhatIsShownAndTheKeyOnlyWhatIsAsked() {
        ZoneSpec zen = ZoneSpec.parse(KEY + ".zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen");
        assertThat(zen.zone()).isEqualTo("zen");
        assertThat(zen.dnsZone()).isEqualTo(KEY + ".zen.dq.spamhaus.net");
        assertThat(zen.weight()).isEqualTo(3);
        assertThat(zen.renamed()).isTrue();
        assertThat(zen.toString()).isEqualTo("zen=127.0.0.[2..11]*3").doesNotContain(KEY);
    }

    @Test
    void aSpamhausDqsZoneWithoutANameIsShownWithoutItsFirstLabel() {
        ZoneSpec dbl = ZoneSpec.parse(KEY + ".dbl.dq.spamhaus.net:sender");
        assertThat(dbl.zone()).isEqualTo("dbl.dq.spamhaus.net");
        assertThat(dbl.dnsZone()).startsWith(KEY);
        assertThat(ZoneSpec.parse("zen.spamhaus.org").renamed()).isFalse();
    }

    @Test
    void redactionReplacesTheDnsZoneInAnyCase() {
        ZoneSpec zen = ZoneSpec.parse(KEY + ".zen.dq.spamhaus.net:name=zen");
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
        KEY + ".zen.dq.spamhaus.net*x:name=zen",
        KEY + ".zen.dq.spamhaus.net=127.0.0:name=zen",
        KEY + ".zen.dq.spamhaus.net:strict:name=zen",
        KEY + ".zen.dq.spamhaus.net:timeout=fast:name=zen",
        KEY + "..zen.dq.spamhaus.net:name=zen",
        KEY + ".zen.dq.spamhaus.net:name=bad name!",
    })
    void errorsAboutARenamedZoneNeverShowItsKey(String token) {
        assertThatThrownBy(() -> ZoneSpec.parse(token))
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
