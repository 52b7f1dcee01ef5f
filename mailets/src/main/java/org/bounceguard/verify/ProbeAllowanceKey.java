package org.bounceguard.verify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Whose probe allowance a client uses: its IPv4 address, or for IPv6 its /64 - one site's or one
 * customer's network, whose addresses an attacker can rotate through at will.
 */
public final class ProbeAllowanceKey {
    private ProbeAllowanceKey() {
    }

    public static String of(InetAddress client) {
        if (client instanceof Inet6Address) {
            byte[] network = Arrays.copyOf(client.getAddress(), 16);
            Arrays.fill(network, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            } catch (java.net.UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return client.getHostAddress();
    }
}
