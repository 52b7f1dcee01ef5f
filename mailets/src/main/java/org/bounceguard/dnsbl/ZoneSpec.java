package org.bounceguard.dnsbl;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bounceguard.net.DomainNames;
import org.bounceguard.net.Values;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;

/**
 * One list as configured: {@code zone[=return codes][*weight][:flag]...}, Postfix postscreen's
 * syntax plus flags {@code safe} (only asked about bounces), {@code sender} (RHSBL on the
 * envelope-sender domain), {@code helo} (RHSBL on the HELO name), {@code name=} (the name the zone
 * is shown by), {@code timeout=} (this zone's own query time limit) and {@code noprobe} (no health
 * probes). Weight defaults to 1 and may be negative (an allowlist); return codes default to any
 * 127.0.0.0/8 answer.
 *
 * <p>Paid mirrors such as Spamhaus's Data Query Service put the customer's key in the zone. The
 * spec names the key instead of holding it: {@code {dqs}.zen.dq.spamhaus.net} asks DNS for
 * {@code KEY.zen.dq.spamhaus.net}, with {@code KEY} the one named {@code dqs} in {@link ZoneKeys}
 * ({@code dnsbl.keys} in bounceguard.properties). So a spec has two names: {@link #dnsZone()},
 * asked in DNS and never shown, and {@link #zone()}, its display name, which is what every header,
 * attribute, log line, MBean, metric and WebAdmin answer shows: {@code :name=}, or else the zone
 * without its key labels ({@code zen.dq.spamhaus.net}). A key written out under
 * {@code dq.spamhaus.net} is refused, with a message that does not repeat it: James itself logs
 * and shows the parameters a spec is written in.
 *
 * @param zone the name the zone is shown by (lowercase)
 * @param dnsZone the DNS zone asked, which may carry a secret: never shown
 * @param timeout this zone's query time limit, within the check's deadline; empty: the deadline alone
 * @param healthProbes whether the engine probes the zone's RFC 5782 test points
 */
public record ZoneSpec(String zone, String dnsZone, ZoneKind kind, ReturnCodeFilter filter, int weight, boolean safeMode,
                       Optional<Duration> timeout, boolean healthProbes) {
    private static final String KEYED_MIRROR = ".dq.spamhaus.net";
    private static final Pattern DISPLAY_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,6})(ms|s)");
    private static final String FLAGS = ":safe, :sender, :helo, :name=NAME, :timeout=500ms, :noprobe";
    private static final Pattern KEY_LABEL = Pattern.compile("\\{([^{}.]*)\\}");

    public ZoneSpec {
        timeout = timeout == null ? Optional.empty() : timeout;
    }

    /** A zone shown by its own name, with every flag at its default. */
    public static ZoneSpec of(String zone, ZoneKind kind, ReturnCodeFilter filter, int weight, boolean safeMode) {
        return new ZoneSpec(zone, zone, kind, filter, weight, safeMode, Optional.empty(), true);
    }

    /** A spec without key labels. */
    public static ZoneSpec parse(String token) {
        return parse(token, ZoneKeys.NONE);
    }

    /** A spec whose {@code {name}} labels are replaced by the keys of that name. */
    public static ZoneSpec parse(String token, ZoneKeys keys) {
        String text = token.trim();
        int end = firstOf(text, "=*:", 0);
        String zonePart = text.substring(0, end);
        refuseWrittenOutKey(zonePart, text.substring(end));
        // read the display name first, so that no error message shows a key-carrying zone
        Optional<String> displayName = displayName(text, end);
        String shown = displayName.filter(name -> !zonePart.isEmpty())
            .map(name -> text.replace(zonePart, "<zone named " + name + ">")).orElse(text);
        String dnsZone = normalizeZone(shown, withKeys(shown, zonePart, keys), displayName.isPresent() || !zonePart.equals(withoutKeys(zonePart)));
        ReturnCodeFilter filter = ReturnCodeFilter.ANY;
        int weight = 1;
        ZoneKind kind = ZoneKind.CLIENT_IP;
        boolean safe = false;
        Optional<Duration> timeout = Optional.empty();
        boolean probes = true;
        int position = end;
        if (position < text.length() && text.charAt(position) == '=') {
            int next = firstOf(text, "*:", position + 1);
            try {
                filter = ReturnCodeFilter.parse(text.substring(position + 1, next));
            } catch (IllegalArgumentException e) {
                throw new InvalidZoneSpecException(shown, e.getMessage());
            }
            position = next;
        }
        if (position < text.length() && text.charAt(position) == '*') {
            int next = firstOf(text, ":", position + 1);
            String number = text.substring(position + 1, next);
            try {
                weight = Values.wholeNumber(number, Integer.MIN_VALUE, Integer.MAX_VALUE);
            } catch (IllegalArgumentException e) {
                throw new InvalidZoneSpecException(shown, "weight '" + number + "' is not a whole number (e.g. *3 or *-5)");
            }
            position = next;
        }
        if (position < text.length() && text.charAt(position) != ':') {
            throw new InvalidZoneSpecException(shown, "expected zone[=codes][*weight][:flag]..., flags " + FLAGS);
        }
        if (position < text.length()) {
            for (String flag : Splitter.on(':').split(text.substring(position + 1))) {
                String lower = flag.toLowerCase(Locale.ROOT);
                if (lower.startsWith("name=")) {
                    continue; // read above
                }
                if (lower.startsWith("timeout=")) {
                    timeout = Optional.of(timeout(shown, lower.substring("timeout=".length())));
                    continue;
                }
                switch (lower) {
                    case "safe" -> safe = true;
                    case "sender" -> kind = ZoneKind.SENDER_DOMAIN;
                    case "helo" -> kind = ZoneKind.HELO_DOMAIN;
                    case "noprobe" -> probes = false;
                    default -> throw new InvalidZoneSpecException(shown, "unknown flag ':" + flag + "' (known: " + FLAGS + ")");
                }
            }
        }
        String zone = displayName.orElseGet(() -> DomainNames.fold(withoutKeys(zonePart)));
        return new ZoneSpec(zone, dnsZone, kind, filter, weight, safe, timeout, probes);
    }

    /** Specs separated by commas and/or white space; at least one. */
    public static List<ZoneSpec> parseList(String text) {
        return parseList(text, ZoneKeys.NONE);
    }

    /** As {@link #parseList(String)}, with {@code {name}} labels replaced by these keys. */
    public static List<ZoneSpec> parseList(String text, ZoneKeys keys) {
        List<String> tokens = Values.list(text);
        if (tokens.isEmpty()) {
            throw new InvalidZoneSpecException(text == null ? "" : text.trim(), "no zone given; expected e.g. zen.spamhaus.org=127.0.0.[2..11]*3");
        }
        List<ZoneSpec> specs = tokens.stream().map(token -> parse(token, keys)).collect(ImmutableList.toImmutableList());
        for (ZoneSpec spec : specs) {
            for (ZoneSpec other : specs) {
                if (spec.zone.equals(other.zone) && !spec.dnsZone.equals(other.dnsZone)) {
                    throw new InvalidZoneSpecException("name=" + spec.zone, "two different zones are named '" + spec.zone + "'; display names must be unique");
                }
            }
        }
        return specs;
    }

    /** Whether this spec's zone is shown by another name than the one asked in DNS. */
    public boolean renamed() {
        return !zone.equals(dnsZone);
    }

    /** {@code text} with every occurrence of the DNS zone replaced by the display name: for DNS error details and the like. */
    public String redact(String text) {
        return redact(text, dnsZone, zone);
    }

    static String redact(String text, String dnsZone, String displayName) {
        return dnsZone.equals(displayName) ? text : redact(text, redaction(dnsZone), displayName);
    }

    /** What finds a DNS zone in any letter case; compiled once per zone by the engine. */
    static Pattern redaction(String dnsZone) {
        return Pattern.compile(Pattern.quote(dnsZone), Pattern.CASE_INSENSITIVE);
    }

    static String redact(String text, Pattern dnsZone, String displayName) {
        return text == null ? null : dnsZone.matcher(text).replaceAll(Matcher.quoteReplacement(displayName));
    }

    private static Optional<String> displayName(String text, int flagsStart) {
        int colon = text.indexOf(':', flagsStart);
        if (colon < 0) {
            return Optional.empty();
        }
        Optional<String> found = Optional.empty();
        for (String flag : Splitter.on(':').split(text.substring(colon + 1))) {
            if (flag.toLowerCase(Locale.ROOT).startsWith("name=")) {
                String name = flag.substring("name=".length()).toLowerCase(Locale.ROOT);
                if (!DISPLAY_NAME.matcher(name).matches()) {
                    // the zone part is not shown: it may be the key
                    throw new InvalidZoneSpecException("<zone>:" + flag, "display name '" + name
                        + "' must be 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit");
                }
                found = Optional.of(name);
            }
        }
        return found;
    }

    /**
     * A DQS zone with a key label in front of the list's own name, written out: refused before
     * anything else is read, so that no other error message repeats it either.
     */
    private static void refuseWrittenOutKey(String zonePart, String rest) {
        String folded = zonePart.trim().toLowerCase(Locale.ROOT);
        if (!folded.endsWith(KEYED_MIRROR) || folded.startsWith("{")) {
            return;
        }
        String beforeMirror = folded.substring(0, folded.length() - KEYED_MIRROR.length());
        int lastDot = beforeMirror.lastIndexOf('.');
        if (lastDot > 0) {
            throw new InvalidZoneSpecException("<key>." + beforeMirror.substring(lastDot + 1) + KEYED_MIRROR + rest,
                "a key written in a zone spec is shown by James in its log and over JMX; put it in bounceguard.properties"
                    + " as dnsbl.keys = dqs:YOURKEY (or in the file dnsbl.keysFile names) and write {dqs}."
                    + beforeMirror.substring(lastDot + 1) + KEYED_MIRROR);
        }
    }

    /** The zone with each {@code {name}} label replaced by its key. */
    private static String withKeys(String shown, String zonePart, ZoneKeys keys) {
        Matcher label = KEY_LABEL.matcher(zonePart);
        StringBuilder zone = new StringBuilder();
        while (label.find()) {
            String name = label.group(1);
            String key = keys.key(name).orElseThrow(() -> new InvalidZoneSpecException(shown, "no key named '" + name
                + "' in dnsbl.keys" + (keys.names().isEmpty() ? " (none is set)" : " (keys: " + String.join(", ", keys.names()) + ")")));
            label.appendReplacement(zone, Matcher.quoteReplacement(key));
        }
        label.appendTail(zone);
        return zone.toString();
    }

    /** The zone without its {@code {name}} labels: what it is shown by unless it has a {@code :name=}. */
    private static String withoutKeys(String zonePart) {
        return KEY_LABEL.matcher(zonePart).replaceAll("").replaceAll("^\\.+|\\.+$", "").replaceAll("\\.{2,}", ".");
    }

    private static Duration timeout(String shown, String value) {
        Matcher matcher = TIMEOUT.matcher(value);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new InvalidZoneSpecException(shown, "timeout '" + value + "' must be a positive duration in ms or s, e.g. :timeout=500ms");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }

    private static int firstOf(String text, String characters, int from) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** {@code zone} may hold a key: it is shown only when {@code secret} is false. */
    private static String normalizeZone(String shown, String zone, boolean secret) {
        String name = DomainNames.fold(zone);
        if (!DomainNames.isValid(name) || !name.contains(".")) {
            throw new InvalidZoneSpecException(shown, (secret ? "the zone" : "'" + zone + "'") + " is not a DNS zone name such as zen.spamhaus.org");
        }
        return name;
    }

    /** The spec as configured, but with the display name in place of a renamed zone: safe to show. */
    @Override
    public String toString() {
        return zone + (filter.equals(ReturnCodeFilter.ANY) ? "" : "=" + filter) + (weight == 1 ? "" : "*" + weight)
            + (kind == ZoneKind.SENDER_DOMAIN ? ":sender" : kind == ZoneKind.HELO_DOMAIN ? ":helo" : "") + (safeMode ? ":safe" : "")
            + timeout.map(value -> ":timeout=" + value.toMillis() + "ms").orElse("") + (healthProbes ? "" : ":noprobe");
    }
}
