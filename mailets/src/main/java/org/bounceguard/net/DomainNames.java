package org.bounceguard.net;

import java.util.Locale;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/** Domain names as Bounceguard compares them; checks done by hand, linear in the input, no regular expression. */
public final class DomainNames {
    private DomainNames() {
    }

    /** The form every comparison uses: trimmed, lowercase, without the trailing dot of a fully qualified name. */
    public static String fold(String name) {
        String folded = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return folded.endsWith(".") ? folded.substring(0, folded.length() - 1) : folded;
    }

    /** LDH (and underscore) labels of 1 to 63 characters, 253 at most in all; expects a folded name. */
    public static boolean isValid(String name) {
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

    /** A host name: valid labels that neither start nor end with a hyphen, no underscore. */
    public static boolean isHostName(String name) {
        String folded = fold(name);
        if (!isValid(folded) || folded.indexOf('_') >= 0) {
            return false;
        }
        for (String label : folded.split("\\.", -1)) {
            if (label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /** A domain to look up in an RHSBL: folded, with at least two labels, not an address literal. */
    public static Optional<String> forLookup(String domain) {
        String name = fold(domain);
        if (name.startsWith("[") || InetAddresses.isInetAddress(name) || !name.contains(".") || !isValid(name)) {
            return Optional.empty();
        }
        return Optional.of(name);
    }
}
