package org.bounceguard.dnsbl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** RFC 5782 query names: reversed IPv4 octets, 32 reversed IPv6 nibbles, IPv4-mapped IPv6 as IPv4. */
final class QueryNames {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private QueryNames() {
    }

    static String forAddress(InetAddress address, String zone) {
        InetAddress client = unmapped(address);
        byte[] bytes = client.getAddress();
        StringBuilder name = new StringBuilder(bytes.length == 4 ? 16 + zone.length() : 64 + zone.length());
        if (bytes.length == 4) {
            for (int i = 3; i >= 0; i--) {
                name.append(bytes[i] & 0xFF).append('.');
            }
        } else {
            name.append(nibbles(bytes)).append('.');
        }
        return name.append(zone).toString();
    }

    /** The 32 reversed nibbles of an IPv6 address, as is (no unmapping: the RFC 5782 IPv6 test points are IPv4-mapped). */
    static String nibbles(byte[] ipv6) {
        StringBuilder name = new StringBuilder(63);
        for (int i = 15; i >= 0; i--) {
            name.append(HEX[ipv6[i] & 0x0F]).append('.').append(HEX[(ipv6[i] >> 4) & 0x0F]);
            if (i > 0) {
                name.append('.');
            }
        }
        return name.toString();
    }

    /** {@code ::ffff:a.b.c.d} is the IPv4 client a.b.c.d (Java usually converts it already). */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    /** Loopback (127/8, ::1). */
    static boolean isLoopback(InetAddress address) {
        return unmapped(address).isLoopbackAddress();
    }

    /** RFC 1918, CGNAT 100.64/10, link-local, IPv6 ULA fc00::/7 and link-local fe80::/10. */
    static boolean isPrivate(InetAddress address) {
        InetAddress client = unmapped(address);
        if (client.isSiteLocalAddress() || client.isLinkLocalAddress()) {
            return true;
        }
        byte[] bytes = client.getAddress();
        if (client instanceof Inet4Address) {
            return (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64;
        }
        return (bytes[0] & 0xFE) == 0xFC;
    }
}
