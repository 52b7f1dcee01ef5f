package org.bounceguard.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;

/** A set of IPv4/IPv6 CIDR ranges, parsed once ({@code 192.0.2.0/24, 2001:db8::/32, 198.51.100.7}). */
public final class IpRanges {
    public static final IpRanges NONE = new IpRanges(List.of());

    private record Range(byte[] network, int prefixLength) {
        /** The range as an operator writes it, its network address in canonical form: {@code 192.0.2.0/27}. */
        String text() {
            try {
                return InetAddresses.toAddrString(InetAddress.getByAddress(network)) + "/" + prefixLength;
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a parsed range holds 4 or 16 bytes", e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Range> ranges;

    private IpRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses {@code 192.0.2.0/24, 2001:db8::/32, 198.51.100.7}; throws with the bad entry named. */
    public static IpRanges parse(String text) {
        return parse(Values.list(text));
    }

    /** The same, for entries already split. */
    public static IpRanges parse(List<String> entries) {
        ImmutableList.Builder<Range> ranges = ImmutableList.builder();
        for (String entry : entries) {
            ranges.add(parseRange(entry));
        }
        return new IpRanges(ranges.build());
    }

    /** Whether {@code entry} is an IP address or CIDR range this class can parse. */
    public static boolean isRange(String entry) {
        try {
            parseRange(entry.trim());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Range parseRange(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        if (!InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
        }
        byte[] network = InetAddresses.forString(address).getAddress();
        int maxPrefix = network.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + maxPrefix);
            }
        }
        return new Range(network, prefix);
    }

    public boolean contains(InetAddress address) {
        if (ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Each range in canonical form ({@code 192.0.2.0/27}, {@code 2001:db8::/32}), in the order given: what two sets are compared by. */
    public List<String> entries() {
        return ranges.stream().map(Range::text).collect(ImmutableList.toImmutableList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRanges that && that.entries().equals(entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return String.join(", ", entries());
    }
}
