package org.bounceguard.backscatter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bounceguard.net.DomainNames;
import org.bounceguard.net.IpLiterals;
import org.bounceguard.net.IpRanges;
import org.bounceguard.net.Values;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;

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
        List<String> entries = Values.list(text);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no relay names or addresses given; expected e.g. mx.example.org, 192.0.2.0/24");
        }
        ImmutableSet.Builder<String> names = ImmutableSet.builder();
        List<String> ranges = new ArrayList<>();
        for (String entry : entries) {
            if (IpRanges.isRange(entry)) {
                ranges.add(entry);
            } else if (DomainNames.isHostName(entry)) {
                names.add(DomainNames.fold(entry));
            } else {
                throw new IllegalArgumentException("'" + entry + "' is neither a host name nor an IP address / CIDR range");
            }
        }
        return new OwnRelays(names.build(), IpRanges.parse(ranges));
    }

    /** Whether any of these Received headers (of the original message a bounce returned) names one of our relays. */
    public boolean appearIn(List<String> receivedHeaders) {
        return receivedHeaders.stream().limit(MAX_HEADERS).anyMatch(this::namesUs);
    }

    private boolean namesUs(String header) {
        String text = header.length() > MAX_HEADER_LENGTH ? header.substring(0, MAX_HEADER_LENGTH) : header;
        for (String token : Splitter.onPattern("[\\s()\\[\\];]+").omitEmptyStrings().split(text)) {
            if (hostNames.contains(DomainNames.fold(token)) || isOurAddress(token)) {
                return true;
            }
        }
        return false;
    }

    private boolean isOurAddress(String token) {
        return IpLiterals.parse(token).map(addresses::contains).orElse(false);
    }
}
