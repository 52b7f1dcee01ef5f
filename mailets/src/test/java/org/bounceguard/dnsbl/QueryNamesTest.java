package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class QueryNamesTest {
    @Test
    void ipv4OctetsAreReversed() throws Exception {
        assertThat(QueryNames.forAddress(InetAddress.getByName("192.0.2.99"), "zen.spamhaus.org")).isEqualTo("99.2.0.192.zen.spamhaus.org");
    }

    @Test
    void ipv6IsThirtyTwoReversedNibbles() throws Exception {
        // RFC 5782 §2.4's example address
        assertThat(QueryNames.forAddress(InetAddress.getByName("2001:db8:1:2:3:4:567:89ab"), "ugly.example.com"))
            .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com");
    }

    @Test
    void ipv4MappedIpv6IsLookedUpAsIpv4() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 192;
        mapped[13] = 0;
        mapped[14] = 2;
        mapped[15] = 1;
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(QueryNames.forAddress(address, "zone.test")).isEqualTo("1.2.0.192.zone.test");
    }

    @Test
    void privateAndLoopbackRanges() throws Exception {
        for (String privateAddress : new String[] {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.1.1", "fd00::1", "fe80::1"}) {
            assertThat(QueryNames.isPrivate(InetAddress.getByName(privateAddress))).as(privateAddress).isTrue();
        }
        for (String publicAddress : new String[] {"172.32.0.1", "100.128.0.1", "192.0.2.1", "2001:db8::1", "8.8.8.8"}) {
            assertThat(QueryNames.isPrivate(InetAddress.getByName(publicAddress))).as(publicAddress).isFalse();
        }
        assertThat(QueryNames.isLoopback(InetAddress.getByName("127.3.4.5"))).isTrue();
        assertThat(QueryNames.isLoopback(InetAddress.getByName("::1"))).isTrue();
    }
}
