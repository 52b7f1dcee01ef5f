package org.bounceguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class ProbeAllowanceKeyTest {
    @Test
    void anIpv4ClientHasItsOwnAllowance() throws Exception {
        assertThat(ProbeAllowanceKey.of(InetAddress.getByName("192.0.2.10"))).isEqualTo("192.0.2.10");
        assertThat(ProbeAllowanceKey.of(InetAddress.getByName("192.0.2.11"))).isNotEqualTo(ProbeAllowanceKey.of(InetAddress.getByName("192.0.2.10")));
    }

    @Test
    void anAttackerRotatingThroughItsIpv6NetworkSharesOneAllowance() throws Exception {
        String first = ProbeAllowanceKey.of(InetAddress.getByName("2001:db8:1:2:aaaa::1"));
        assertThat(first).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ProbeAllowanceKey.of(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isEqualTo(first);
        assertThat(ProbeAllowanceKey.of(InetAddress.getByName("2001:db8:1:3::1"))).isNotEqualTo(first);
    }
}
