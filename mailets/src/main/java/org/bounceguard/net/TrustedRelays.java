package org.bounceguard.net;

import java.net.InetAddress;
import java.util.List;

/** Relays in front of James whose Received headers we believe (our own MX, a partner's gateway). */
public final class TrustedRelays {
    public static final TrustedRelays NONE = new TrustedRelays(IpRanges.NONE);

    private final IpRanges ranges;

    private TrustedRelays(IpRanges ranges) {
        this.ranges = ranges;
    }

    public static TrustedRelays parse(String text) {
        return new TrustedRelays(IpRanges.parse(text));
    }

    public boolean contains(InetAddress address) {
        return ranges.contains(address);
    }

    /** The relays' ranges in canonical form. */
    public List<String> entries() {
        return ranges.entries();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedRelays that && that.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
