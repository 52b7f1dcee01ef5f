package org.bounceguard.dnsbl;

import java.util.Locale;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/** DNS name checks done by hand: no regular expression, linear in the input. */
final class DomainNames {
    private DomainNames() {
    }

    /** LDH (and underscore) labels of 1 to 63 characters, 253 at most in all. */
    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                labelLength++;
                if (labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    /** A domain to look up in an RHSBL: lowercase, no trailing dot, not an address literal. */
    static Optional<String> forLookup(String domain) {
        String name = domain.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.startsWith("[") || InetAddresses.isInetAddress(name) || !name.contains(".") || !isValid(name)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }
}
