package org.bounceguard.backscatter;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.google.common.base.Splitter;

/**
 * How signals combine: {@code any} (one reason is enough) or {@code weighted} (the weights of the
 * reasons add up to at least the threshold). Parsed from a matcher condition such as
 * {@code any} or {@code weighted:3, batv-missing=3, relays-unknown=2, backscatterer-listed=2}.
 */
public record BackscatterPolicy(boolean weighted, int threshold, Map<BackscatterReason, Integer> weights) {
    public static final BackscatterPolicy ANY = new BackscatterPolicy(false, 1, Map.of());

    public BackscatterPolicy {
        weights = Map.copyOf(weights);
    }

    public static BackscatterPolicy parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty() || trimmed.equals("any")) {
            return ANY;
        }
        if (!trimmed.startsWith("weighted:")) {
            throw new IllegalArgumentException("'" + text.trim() + "': expected 'any' or 'weighted:THRESHOLD, reason=WEIGHT, ...'");
        }
        java.util.List<String> parts = Splitter.on(',').trimResults().omitEmptyStrings().splitToList(trimmed.substring("weighted:".length()));
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("'" + text.trim() + "': weighted needs a threshold, e.g. weighted:3, batv-missing=3");
        }
        int threshold = parseInt(parts.get(0), "threshold");
        Map<BackscatterReason, Integer> weights = new EnumMap<>(BackscatterReason.class);
        for (BackscatterReason reason : BackscatterReason.values()) {
            weights.put(reason, 1);
        }
        for (String part : parts.subList(1, parts.size())) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + part + "': expected reason=weight, e.g. relays-unknown=2");
            }
            String code = part.substring(0, equals).trim();
            BackscatterReason reason = BackscatterReason.fromCode(code)
                .orElseThrow(() -> new IllegalArgumentException("'" + code + "' is not a backscatter reason; known: batv-missing, batv-invalid, batv-expired, relays-unknown, backscatterer-listed"));
            weights.put(reason, parseInt(part.substring(equals + 1), code));
        }
        return new BackscatterPolicy(true, threshold, weights);
    }

    int weight(BackscatterReason reason) {
        return weighted ? weights.getOrDefault(reason, 1) : 1;
    }

    private static int parseInt(String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a whole number (" + what + ")");
        }
    }
}
