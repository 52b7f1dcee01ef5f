package org.bounceguard.dnsbl;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a client is refused at RCPT because of its DNSBL verdict, and what it is told. Plain Java:
 * the SMTP hook {@link DnsblRcptRefusal} only gathers the facts.
 *
 * @param rejectThreshold  a score at or above this is refused ({@code 550 5.7.1})
 * @param rejectMessage    the text after {@code 5.7.1}; empty: the list's TXT reason
 * @param tempfailZones    zones whose failure to answer defers the client ({@code 451 4.7.1})
 *                         instead of accepting it; empty (the default): fail open
 */
public record RcptRefusalPolicy(int rejectThreshold, Optional<String> rejectMessage, Set<String> tempfailZones) {
    /** Longest reason text put in a reply line (RFC 5321 allows 512 octets for the whole line). */
    static final int MAX_REASON_LENGTH = 300;

    public RcptRefusalPolicy {
        if (rejectThreshold < 1) {
            throw new IllegalArgumentException("rejectThreshold must be at least 1, got " + rejectThreshold);
        }
        tempfailZones = tempfailZones.stream().map(zone -> zone.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** What to answer to one RCPT. */
    public sealed interface Answer {
        /** Let the next handler decide. */
        record Accept() implements Answer {
        }

        record Refuse(String text) implements Answer {
        }

        record Defer(String text) implements Answer {
        }
    }

    private static final Answer ACCEPT = new Answer.Accept();

    public Answer decide(InetAddress client, DnsblVerdict verdict) {
        if (verdict.score() >= rejectThreshold) {
            return new Answer.Refuse("5.7.1 " + rejectMessage.orElseGet(() -> listedText(client, verdict)));
        }
        for (ZoneError error : verdict.errors()) {
            if (tempfailZones.contains(error.zone().toLowerCase(Locale.ROOT))) {
                return new Answer.Defer("4.7.1 Service unavailable: " + error.zone() + " could not be consulted about "
                    + client.getHostAddress() + "; try again later");
            }
        }
        return ACCEPT;
    }

    private static String listedText(InetAddress client, DnsblVerdict verdict) {
        Listing strongest = verdict.listings().stream()
            .max(Comparator.comparingInt(listing -> listing.spec().weight()))
            .orElseThrow();
        String reason = strongest.reason().map(RcptRefusalPolicy::printable).filter(text -> !text.isEmpty())
            .orElse("see http://" + strongest.spec().zone() + "/");
        return "Service unavailable; client host [" + client.getHostAddress() + "] blocked using " + strongest.spec().zone() + ": " + reason;
    }

    /** A TXT record comes from a third party: only printable ASCII reaches the SMTP reply, briefly. */
    public static String printable(String text) {
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_REASON_LENGTH));
        for (char c : text.toCharArray()) {
            if (clean.length() >= MAX_REASON_LENGTH) {
                break;
            }
            clean.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return clean.toString().trim();
    }
}
