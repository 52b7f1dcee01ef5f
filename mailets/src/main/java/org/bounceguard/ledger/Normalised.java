package org.bounceguard.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bounceguard.net.Addresses;

/**
 * The forms in which Message-IDs and addresses are recorded and looked up, so that the way a
 * bounce quotes them does not matter.
 *
 * <ul>
 * <li>A Message-ID loses its whitespace (folding) and angle brackets; its left part keeps its case
 * (RFC 5322 gives no rule to fold it, and MTAs return it verbatim) while the part after the last
 * {@code @}, a domain in practice, is lower-cased.</li>
 * <li>An address loses surrounding whitespace and angle brackets and is lower-cased entirely:
 * local parts are case-sensitive in theory, never in the mail systems that bounce to them.</li>
 * </ul>
 * Either form may come out empty (nothing usable), which callers treat as "nothing to record /
 * nothing we recorded".
 */
public final class Normalised {
    private Normalised() {
    }

    public static String messageId(String raw) {
        if (raw == null) {
            return "";
        }
        // the common case (no folding whitespace, lower-case domain) allocates only the bare id
        String compact = hasWhitespace(raw) ? withoutWhitespace(raw) : raw;
        int open = compact.indexOf('<');
        int close = compact.indexOf('>', open + 1);
        String bare = open >= 0 && close > open ? compact.substring(open + 1, close) : compact.replace("<", "").replace(">", "");
        int at = bare.lastIndexOf('@');
        return at < 0 || !hasUpperCase(bare, at + 1) ? bare : bare.substring(0, at + 1) + bare.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    public static String address(String raw) {
        return Addresses.fold(raw);
    }

    /** A (Message-ID, address) pair in recorded form, both parts non-empty. */
    public record Entry(String messageId, String address) {
    }

    /** The entry a bounce to {@code recipient} quoting {@code messageId} is looked up by; empty when either part is unusable. */
    public static Optional<Entry> bounceEntry(String messageId, String recipient) {
        String id = messageId(messageId);
        String address = address(recipient);
        return id.isEmpty() || address.isEmpty() ? Optional.empty() : Optional.of(new Entry(id, address));
    }

    /** The entries a relayed message is recorded under: one per distinct usable return address. */
    public static List<Entry> entries(String messageId, Collection<String> returnAddresses) {
        String id = messageId(messageId);
        if (id.isEmpty() || returnAddresses == null) {
            return List.of();
        }
        return returnAddresses.stream()
            .map(Normalised::address)
            .filter(address -> !address.isEmpty())
            .distinct()
            .map(address -> new Entry(id, address))
            .toList();
    }

    private static boolean hasWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasUpperCase(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != Character.toLowerCase(c)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutWhitespace(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
