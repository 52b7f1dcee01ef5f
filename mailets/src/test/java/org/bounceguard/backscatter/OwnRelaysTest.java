package org.bounceguard.backscatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class OwnRelaysTest {
    private final OwnRelays relays = OwnRelays.parse("mx.bounceguard.test, 192.0.2.0/24, 2001:db8::25");

    @Test
    void recognisesOurHostNameInTheByClause() {
        assertThat(relays.appearIn(List.of(
            "from mx.remote.example (mx.remote.example [198.51.100.7]) by mx.remote.example; Mon, 1 Jan 2024 00:00:00 +0000",
            "from client.example ([127.0.0.1]) by MX.Bounceguard.Test. (JAMES SMTP Server) with ESMTP ID 1a2b"))).isTrue();
    }

    @Test
    void recognisesOurAddressesInBracketsIncludingIpv6Literals() {
        assertThat(relays.appearIn(List.of("from out (out [192.0.2.44]) by mx.remote.example"))).isTrue();
        assertThat(relays.appearIn(List.of("from out (out [IPv6:2001:db8::25]) by mx.remote.example"))).isTrue();
    }

    @Test
    void aChainOfStrangersIsNotOurs() {
        assertThat(relays.appearIn(List.of(
            "from spambot (unknown [203.0.113.9]) by mx.victim.example",
            "from x by notmx.bounceguard.test.evil.example"))).isFalse();
        assertThat(relays.appearIn(List.of())).isFalse();
    }

    @Test
    void badEntriesAreRefusedByName() {
        assertThatThrownBy(() -> OwnRelays.parse("")).hasMessageContaining("no relay");
        assertThatThrownBy(() -> OwnRelays.parse("mx.example.org, bad_name!")).hasMessageContaining("'bad_name!'");
        assertThatThrownBy(() -> OwnRelays.parse("192.0.2.0/33")).hasMessageContaining("'192.0.2.0/33'");
    }
}
