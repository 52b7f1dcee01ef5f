package org.bounceguard.backscatter;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.bounceguard.net.Values;

import com.google.common.base.Splitter;

/**
 * How signals combine: {@code any} (one reason is enough) or {@code weighted} (the weights of the
 * reasons add up to at least the threshold; a reason not named weighs 1). Parsed from a matcher
 * condition such as {@code any} or {@code weighted:3, batv-missing=3, relays-unknown=2}, against
 * the reasons the configured evidence sources can give.
 */
public record BackscatterPolicy(boolean weighted, int threshold, Map<String, Integer> weights) {
    public static final BackscatterPolicy ANY = new BackscatterPolicy(false, 1, Map.of());
    private static final String WEIGHTED = "weighted:";

    public BackscatterPolicy {
        weights = Map.copyOf(weights);
    }

    public static BackscatterPolicy parse(String text, Set<String> knownReasons) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty() || trimmed.equals("any")) {
            return ANY;
        }
        if (!trimmed.startsWith(WEIGHTED)) {
            throw new IllegalArgumentException("'" + text.trim() + "': expected 'any' or 'weighted:THRESHOLD, reason=WEIGHT, ...'");
        }
        List<String> parts = Splitter.on(',').trimResults().omitEmptyStrings().splitToList(trimmed.substring(WEIGHTED.length()));
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("'" + text.trim() + "': weighted needs a threshold, e.g. weighted:3, batv-missing=3");
        }
        int threshold = number(parts.get(0), "threshold");
        Map<String, Integer> weights = new TreeMap<>();
        for (String part : parts.subList(1, parts.size())) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + part + "': expected reason=weight, e.g. relays-unknown=2");
            }
            String code = part.substring(0, equals).trim();
            if (!knownReasons.contains(code)) {
                throw new IllegalArgumentException("'" + code + "' is not a backscatter reason"
                    + Values.nearest(code, knownReasons).map(near -> " (did you mean " + near + "?)").orElse("")
                    + "; known: " + String.join(", ", knownReasons));
            }
            weights.put(code, number(part.substring(equals + 1), code));
        }
        return new BackscatterPolicy(true, threshold, weights);
    }

    int weight(String reason) {
        return weighted ? weights.getOrDefault(reason, 1) : 1;
    }

    private static int number(String text, String what) {
        try {
            return Values.wholeNumber(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (" + what + ")", e);
        }
    }
}
