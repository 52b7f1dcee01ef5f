package org.bounceguard.dnsbl;

import java.util.List;
import java.util.Locale;

import org.bounceguard.net.DomainNames;
import org.bounceguard.net.Values;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;

/**
 * One list as configured: {@code zone[=return codes][*weight][:flag]...}, Postfix postscreen's
 * syntax plus flags {@code safe} (only asked about bounces), {@code sender} (RHSBL on the
 * envelope-sender domain) and {@code helo} (RHSBL on the HELO name). Weight defaults to 1 and may
 * be negative (an allowlist); return codes default to any 127.0.0.0/8 answer.
 */
public record ZoneSpec(String zone, ZoneKind kind, ReturnCodeFilter filter, int weight, boolean safeMode) {

    public static ZoneSpec parse(String token) {
        String text = token.trim();
        int end = firstOf(text, "=*:", 0);
        String zone = normalizeZone(token, text.substring(0, end));
        ReturnCodeFilter filter = ReturnCodeFilter.ANY;
        int weight = 1;
        ZoneKind kind = ZoneKind.CLIENT_IP;
        boolean safe = false;
        int position = end;
        if (position < text.length() && text.charAt(position) == '=') {
            int next = firstOf(text, "*:", position + 1);
            try {
                filter = ReturnCodeFilter.parse(text.substring(position + 1, next));
            } catch (IllegalArgumentException e) {
                throw new InvalidZoneSpecException(token.trim(), e.getMessage());
            }
            position = next;
        }
        if (position < text.length() && text.charAt(position) == '*') {
            int next = firstOf(text, ":", position + 1);
            String number = text.substring(position + 1, next);
            try {
                weight = Values.wholeNumber(number, Integer.MIN_VALUE, Integer.MAX_VALUE);
            } catch (IllegalArgumentException e) {
                throw new InvalidZoneSpecException(token.trim(), "weight '" + number + "' is not a whole number (e.g. *3 or *-5)");
            }
            position = next;
        }
        if (position < text.length() && text.charAt(position) != ':') {
            throw new InvalidZoneSpecException(token.trim(), "expected zone[=codes][*weight][:safe|:sender|:helo]");
        }
        if (position < text.length()) {
            for (String flag : Splitter.on(':').split(text.substring(position + 1))) {
                switch (flag.toLowerCase(Locale.ROOT)) {
                    case "safe" -> safe = true;
                    case "sender" -> kind = ZoneKind.SENDER_DOMAIN;
                    case "helo" -> kind = ZoneKind.HELO_DOMAIN;
                    default -> throw new InvalidZoneSpecException(token.trim(), "unknown flag ':" + flag + "' (known: :safe, :sender, :helo)");
                }
            }
        }
        return new ZoneSpec(zone, kind, filter, weight, safe);
    }

    /** Specs separated by commas and/or white space; at least one. */
    public static List<ZoneSpec> parseList(String text) {
        List<String> tokens = Values.list(text);
        if (tokens.isEmpty()) {
            throw new InvalidZoneSpecException(text == null ? "" : text.trim(), "no zone given; expected e.g. zen.spamhaus.org=127.0.0.[2..11]*3");
        }
        return tokens.stream().map(ZoneSpec::parse).collect(ImmutableList.toImmutableList());
    }

    private static int firstOf(String text, String characters, int from) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static String normalizeZone(String token, String zone) {
        String name = DomainNames.fold(zone);
        if (!DomainNames.isValid(name) || !name.contains(".")) {
            throw new InvalidZoneSpecException(token.trim(), "'" + zone + "' is not a DNS zone name such as zen.spamhaus.org");
        }
        return name;
    }

    @Override
    public String toString() {
        return zone + (filter.equals(ReturnCodeFilter.ANY) ? "" : "=" + filter) + (weight == 1 ? "" : "*" + weight)
            + (kind == ZoneKind.SENDER_DOMAIN ? ":sender" : kind == ZoneKind.HELO_DOMAIN ? ":helo" : "") + (safeMode ? ":safe" : "");
    }
}
