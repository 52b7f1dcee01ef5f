package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneSpecTest {
    private static byte[] ip(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void postscreenFormsParse() {
        ZoneSpec zen = ZoneSpec.parse("zen.spamhaus.org=127.0.0.[2..11]*3");
        assertThat(zen.zone()).isEqualTo("zen.spamhaus.org");
        assertThat(zen.weight()).isEqualTo(3);
        assertThat(zen.kind()).isEqualTo(ZoneKind.CLIENT_IP);
        assertThat(zen.filter().matches(ip(127, 0, 0, 4))).isTrue();
        assertThat(zen.filter().matches(ip(127, 0, 0, 12))).isFalse();

        ZoneSpec spamcop = ZoneSpec.parse("bl.spamcop.net*2");
        assertThat(spamcop.weight()).isEqualTo(2);
        assertThat(spamcop.filter()).isEqualTo(ReturnCodeFilter.ANY);

        ZoneSpec dnswl = ZoneSpec.parse("list.dnswl.org=127.0.[0..255].[1..3]*-5");
        assertThat(dnswl.weight()).isEqualTo(-5);
        assertThat(dnswl.filter().matches(ip(127, 0, 10, 2))).isTrue();
        assertThat(dnswl.filter().matches(ip(127, 0, 10, 0))).isFalse();
    }

    @Test
    void flagsSelectSafeModeAndDomainKinds() {
        assertThat(ZoneSpec.parse("ips.backscatterer.org:safe").safeMode()).isTrue();
        assertThat(ZoneSpec.parse("ips.backscatterer.org*3:safe").weight()).isEqualTo(3);
        ZoneSpec dbl = ZoneSpec.parse("dbl.spamhaus.org=127.0.1.[2..99]*3:sender");
        assertThat(dbl.kind()).isEqualTo(ZoneKind.SENDER_DOMAIN);
        assertThat(ZoneSpec.parse("dbl.spamhaus.org:helo:safe").kind()).isEqualTo(ZoneKind.HELO_DOMAIN);
    }

    @Test
    void listsAndMixedTermsInFilters() {
        ReturnCodeFilter filter = ReturnCodeFilter.parse("127.0.0.[1..3;7]");
        assertThat(filter.matches(ip(127, 0, 0, 2))).isTrue();
        assertThat(filter.matches(ip(127, 0, 0, 7))).isTrue();
        assertThat(filter.matches(ip(127, 0, 0, 5))).isFalse();
        assertThat(ReturnCodeFilter.parse("127.0.0.[2;4;6]").matches(ip(127, 0, 0, 4))).isTrue();
    }

    @Test
    void namesAreNormalised() {
        assertThat(ZoneSpec.parse("ZEN.Spamhaus.ORG.").zone()).isEqualTo("zen.spamhaus.org");
    }

    @Test
    void listsSplitOnCommasAndWhitespace() {
        assertThat(ZoneSpec.parseList(" zen.spamhaus.org*3,\n bl.spamcop.net*2  list.dnswl.org*-5 ")).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "zen.spamhaus.org*x|weight 'x'",
        "zen.spamhaus.org=127.0.0|four octets",
        "zen.spamhaus.org=127.0.0.[11..2]|runs backwards",
        "zen.spamhaus.org=127.0.0.256|0 to 255",
        "zen.spamhaus.org:strict|unknown flag ':strict'",
        "localhost|not a DNS zone name",
        "bad_zone!.org|not a DNS zone name",
        "zen..spamhaus.org|not a DNS zone name",
    })
    void invalidSpecsNameTheTokenAndTheProblem(String token, String problem) {
        assertThatThrownBy(() -> ZoneSpec.parse(token))
            .isInstanceOf(InvalidZoneSpecException.class)
            .hasMessageContaining("'" + token + "'")
            .hasMessageContaining(problem);
    }

    @Test
    void emptyListIsRefused() {
        assertThatThrownBy(() -> ZoneSpec.parseList("  ")).isInstanceOf(InvalidZoneSpecException.class).hasMessageContaining("no zone");
    }
}
