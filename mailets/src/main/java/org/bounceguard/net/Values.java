package org.bounceguard.net;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.common.base.Splitter;

/**
 * The parsers behind every configuration value Bounceguard reads - {@code bounceguard.properties},
 * mailet parameters, matcher conditions - so that a word means the same wherever it is written.
 * Each throws {@link IllegalArgumentException} saying what was expected; the caller adds where the
 * value came from (file and key, or mailet and parameter).
 */
public final class Values {
    private static final Splitter LIST = Splitter.onPattern("[,\\s]+").trimResults().omitEmptyStrings();

    private Values() {
    }

    /** Items separated by commas and/or white space; empty for {@code null} or blank text. */
    public static List<String> list(String text) {
        return text == null ? List.of() : LIST.splitToList(text);
    }

    /** {@code true}, {@code yes}, {@code on} / {@code false}, {@code no}, {@code off}, any case. */
    public static boolean bool(String text) {
        return switch (trimmed(text).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("'" + trimmed(text) + "' is not true or false");
        };
    }

    /** A whole number; underscores may group digits ({@code 10_000_000}). */
    public static long wholeNumber(String text) {
        String value = trimmed(text);
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    public static int wholeNumber(String text, int min, int max) {
        long value = wholeNumber(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + trimmed(text) + "' must be " + (max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max));
        }
        return (int) value;
    }

    /** A positive whole number. */
    public static long positive(String text) {
        long value = wholeNumber(text);
        if (value <= 0) {
            throw new IllegalArgumentException("'" + trimmed(text) + "' is not a positive whole number");
        }
        return value;
    }

    /**
     * A duration: a whole number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d} (also spelt out: {@code 2 seconds}); a bare {@code 0} is zero. Never negative.
     */
    public static Duration duration(String text) {
        String value = trimmed(text).toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
            digits++;
        }
        String unit = value.substring(digits).trim();
        if (digits == 0 || digits > 12 || (unit.isEmpty() && !value.equals("0"))) {
            throw new IllegalArgumentException("'" + trimmed(text) + "' is not a duration; expected a whole number and a unit, such as 500ms, 2s, 5m, 1h, 1d");
        }
        long amount = Long.parseLong(value.substring(0, digits));
        return switch (unit) {
            case "", "ms", "msec", "msecs", "millisecond", "milliseconds" -> Duration.ofMillis(amount);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(amount);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(amount);
            case "h", "hour", "hours" -> Duration.ofHours(amount);
            case "d", "day", "days" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("'" + trimmed(text) + "' has an unknown unit '" + unit + "'; expected ms, s, m, h or d");
        };
    }

    /** A duration above zero. */
    public static Duration positiveDuration(String text) {
        Duration duration = duration(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + trimmed(text) + "' must be a positive duration such as 500ms or 2s");
        }
        return duration;
    }

    /**
     * The known name closest to {@code name} by edit distance (case ignored), when it is close
     * enough to be a plausible typo: what an "unknown key" message suggests.
     */
    public static Optional<String> nearest(String name, Collection<String> known) {
        return nearest(name, known, Math.max(2, name.length() / 3));
    }

    /** The known name within {@code maxDistance} edits of {@code name} (case ignored), the closest first. */
    public static Optional<String> nearest(String name, Collection<String> known, int maxDistance) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= maxDistance ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String trimmed(String text) {
        return text == null ? "" : text.trim();
    }
}
