package org.bounceguard.dnsbl;

import java.util.BitSet;
import java.util.List;

import com.google.common.base.Splitter;

/**
 * Which A answers of a zone count as a listing, in Postfix postscreen's notation: four octet
 * terms, each a number ({@code 2}), a range ({@code [2..11]}), a list ({@code [2;4;6]}) or a mix
 * ({@code [1..3;7]}), e.g. {@code 127.0.0.[2..11]} or {@code 127.0.[0..255].[1..3]}.
 */
public final class ReturnCodeFilter {
    /** Any answer inside 127.0.0.0/8 (refusal codes and outside answers are handled before filters). */
    public static final ReturnCodeFilter ANY = parse("127.[0..255].[0..255].[0..255]");

    private final String pattern;
    private final BitSet[] octets;

    private ReturnCodeFilter(String pattern, BitSet[] octets) {
        this.pattern = pattern;
        this.octets = octets;
    }

    public static ReturnCodeFilter parse(String pattern) {
        List<String> terms = splitOctets(pattern);
        if (terms.size() != 4) {
            throw new IllegalArgumentException("return code pattern '" + pattern + "' must have four octets, e.g. 127.0.0.[2..11]");
        }
        BitSet[] octets = new BitSet[4];
        for (int i = 0; i < 4; i++) {
            octets[i] = parseTerm(pattern, terms.get(i));
        }
        return new ReturnCodeFilter(pattern, octets);
    }

    /** Splits on the dots between octets, not the ".." inside brackets. */
    private static List<String> splitOctets(String pattern) {
        java.util.ArrayList<String> terms = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBrackets = false;
        for (char c : pattern.toCharArray()) {
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            }
            if (c == '.' && !inBrackets) {
                terms.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        terms.add(current.toString());
        return terms;
    }

    private static BitSet parseTerm(String pattern, String term) {
        BitSet values = new BitSet(256);
        String body = term;
        if (term.startsWith("[") && term.endsWith("]") && term.length() > 2) {
            body = term.substring(1, term.length() - 1);
        } else if (term.contains("[") || term.contains("]") || term.contains(";") || term.contains("..")) {
            throw new IllegalArgumentException("return code pattern '" + pattern + "': '" + term + "' is not an octet, [a..b] or [a;b]");
        }
        for (String item : Splitter.on(';').split(body)) {
            int range = item.indexOf("..");
            int low = octet(pattern, range < 0 ? item : item.substring(0, range));
            int high = range < 0 ? low : octet(pattern, item.substring(range + 2));
            if (low > high) {
                throw new IllegalArgumentException("return code pattern '" + pattern + "': range '" + item + "' runs backwards");
            }
            values.set(low, high + 1);
        }
        return values;
    }

    private static int octet(String pattern, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0 && value <= 255) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("return code pattern '" + pattern + "': '" + text + "' is not a number from 0 to 255");
    }

    public boolean matches(byte[] ipv4) {
        if (ipv4.length != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (!octets[i].get(ipv4[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReturnCodeFilter filter && filter.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }
}
