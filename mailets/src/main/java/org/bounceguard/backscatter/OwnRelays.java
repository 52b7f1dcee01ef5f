package org.bounceguard.backscatter;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bounceguard.net.IpRanges;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import com.google.common.net.InetAddresses;

/**
 * Our own outgoing relays, by host name or address: a bounce whose returned Received chain names
 * none of them answers mail that never passed through us (Postfix BACKSCATTER_README's recipe).
 */
public final class OwnRelays {
    private static final int MAX_HEADERS = 200;
    private static final int MAX_HEADER_LENGTH = 4096;

    private final Set<String> hostNames;
    private final IpRanges addresses;

    private OwnRelays(Set<String> hostNames, IpRanges addresses) {
        this.hostNames = hostNames;
        this.addresses = addresses;
    }

    /** {@code mx.example.org, out.example.org, 192.0.2.0/24, 2001:db8::25}; empty text is an error. */
    public static OwnRelays parse(String text) {
        List<String> entries = Splitter.onPattern("[,\\s]+").trimResults().omitEmptyStrings().splitToList(text == null ? "" : text);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no relay names or addresses given; expected e.g. mx.example.org, 192.0.2.0/24");
        }
        ImmutableSet.Builder<String> names = ImmutableSet.builder();
        StringBuilder ranges = new StringBuilder();
        for (String entry : entries) {
            if (IpRanges.isRange(entry)) {
                ranges.append(entry).append(',');
            } else if (isHostName(entry)) {
                names.add(normalize(entry));
            } else {
                throw new IllegalArgumentException("'" + entry + "' is neither a host name nor an IP address / CIDR range");
            }
        }
        return new OwnRelays(names.build(), IpRanges.parse(ranges.toString()));
    }

    /** Whether any of these Received headers (of the original message a bounce returned) names one of our relays. */
    public boolean appearIn(List<String> receivedHeaders) {
        return receivedHeaders.stream().limit(MAX_HEADERS).anyMatch(this::namesUs);
    }

    private boolean namesUs(String header) {
        String text = header.length() > MAX_HEADER_LENGTH ? header.substring(0, MAX_HEADER_LENGTH) : header;
        for (String token : Splitter.onPattern("[\\s()\\[\\];]+").omitEmptyStrings().split(text)) {
            if (hostNames.contains(normalize(token)) || isOurAddress(token)) {
                return true;
            }
        }
        return false;
    }

    private boolean isOurAddress(String token) {
        String candidate = token.regionMatches(true, 0, "IPv6:", 0, 5) ? token.substring(5) : token;
        return InetAddresses.isInetAddress(candidate) && addresses.contains(InetAddresses.forString(candidate));
    }

    private static boolean isHostName(String entry) {
        String name = normalize(entry);
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

}
