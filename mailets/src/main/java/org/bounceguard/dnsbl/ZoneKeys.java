package org.bounceguard.dnsbl;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.bounceguard.net.Values;

import com.google.common.collect.ImmutableMap;

/**
 * Named secrets that zone names carry, such as a Spamhaus DQS customer key: a zone spec says
 * {@code {dqs}.zen.dq.spamhaus.net} and the key itself lives in {@code bounceguard.properties}
 * ({@code dnsbl.keys = dqs:KEY}) or the file it names, never in a mailet parameter that James logs
 * and shows over JMX. No message, {@code toString} or exception of this class holds a key.
 */
public final class ZoneKeys {
    public static final ZoneKeys NONE = new ZoneKeys(ImmutableMap.of());

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** One DNS label: what may stand in a zone name in place of {@code {name}}. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private final Map<String, String> keys;

    private ZoneKeys(Map<String, String> keys) {
        this.keys = keys;
    }

    /**
     * {@code name:key} pairs separated by commas or white space, e.g. {@code dqs:abcd1234}.
     *
     * @throws IllegalArgumentException naming the pair by its position and name, never its key
     */
    public static ZoneKeys parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        ImmutableMap.Builder<String, String> keys = ImmutableMap.builder();
        Set<String> names = new TreeSet<>();
        int position = 0;
        for (String pair : Values.list(text)) {
            position++;
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("entry " + position + " is not NAME:KEY (e.g. dqs:YOURKEY)");
            }
            String name = pair.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            String key = pair.substring(colon + 1);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("entry " + position + ": the name must be 1-32 letters, digits, '-' or '_'");
            }
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("the key named '" + name + "' is not one DNS label (letters, digits, inner dashes, at most 63)");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("two keys are named '" + name + "'");
            }
            keys.put(name, key);
        }
        return new ZoneKeys(keys.build());
    }

    /** These keys and {@code other}'s; a name in both is refused. */
    public ZoneKeys and(ZoneKeys other) {
        for (String name : other.keys.keySet()) {
            if (keys.containsKey(name)) {
                throw new IllegalArgumentException("two keys are named '" + name + "'");
            }
        }
        return new ZoneKeys(ImmutableMap.<String, String>builder().putAll(keys).putAll(other.keys).build());
    }

    Optional<String> key(String name) {
        return Optional.ofNullable(keys.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The names, which are not secret. */
    public Set<String> names() {
        return new TreeSet<>(keys.keySet());
    }

    @Override
    public String toString() {
        return "ZoneKeys" + names();
    }
}
