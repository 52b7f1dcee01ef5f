package org.bounceguard.net;

import java.net.InetAddress;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/** IP addresses as mail writes them: {@code 192.0.2.1}, {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}. */
public final class IpLiterals {
    private static final String IPV6_TAG = "IPv6:";

    private IpLiterals() {
    }

    /** The address, or empty when the text is not one; never resolves a name. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.trim();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        if (candidate.regionMatches(true, 0, IPV6_TAG, 0, IPV6_TAG.length())) {
            candidate = candidate.substring(IPV6_TAG.length());
        }
        return InetAddresses.isInetAddress(candidate) ? Optional.of(InetAddresses.forString(candidate)) : Optional.empty();
    }
}
