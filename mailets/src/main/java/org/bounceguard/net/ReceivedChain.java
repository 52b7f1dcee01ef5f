package org.bounceguard.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the sending hosts' addresses out of Received headers ({@code from helo (name [1.2.3.4])}). */
public final class ReceivedChain {
    private static final int MAX_HEADERS = 100;

    private ReceivedChain() {
    }

    /** The address of each "from" clause, newest hop first; headers without one are skipped. */
    public static List<InetAddress> fromAddresses(List<String> receivedHeaders) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String header : receivedHeaders.subList(0, Math.min(MAX_HEADERS, receivedHeaders.size()))) {
            fromAddress(header).ifPresent(addresses::add);
        }
        return addresses;
    }

    static Optional<InetAddress> fromAddress(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        int from = lower.indexOf("from ");
        if (from < 0) {
            return Optional.empty();
        }
        // the from clause ends where the "by" clause starts
        int by = lower.indexOf(" by ", from);
        int end = by < 0 ? lower.length() : by;
        int open = lower.indexOf('[', from);
        while (open >= 0 && open < end) {
            int close = lower.indexOf(']', open);
            if (close < 0 || close > end) {
                break;
            }
            Optional<InetAddress> address = IpLiterals.parse(header.substring(open + 1, close));
            if (address.isPresent()) {
                return address;
            }
            open = lower.indexOf('[', close);
        }
        return Optional.empty();
    }
}
