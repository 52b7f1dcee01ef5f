package org.bounceguard.bounce;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds any of a fixed set of lowercase phrases in one pass over a text: the phrases are indexed
 * by their first two characters, so each position of the text costs one array look-up and, only
 * when that pair starts a phrase, a comparison. Linear in the text, whatever the number of phrases.
 */
final class PhraseSet {
    private static final int PAIRS = 1 << 14;
    private final String[][] byFirstPair = new String[PAIRS][];
    private final String[] single;

    PhraseSet(List<String> phrases) {
        List<List<String>> buckets = new ArrayList<>(PAIRS);
        for (int i = 0; i < PAIRS; i++) {
            buckets.add(null);
        }
        List<String> singles = new ArrayList<>();
        for (String phrase : phrases) {
            if (phrase.length() < 2) {
                singles.add(phrase);
                continue;
            }
            int key = key(phrase.charAt(0), phrase.charAt(1));
            if (buckets.get(key) == null) {
                buckets.set(key, new ArrayList<>());
            }
            buckets.get(key).add(phrase);
        }
        for (int i = 0; i < PAIRS; i++) {
            if (buckets.get(i) != null) {
                byFirstPair[i] = buckets.get(i).toArray(String[]::new);
            }
        }
        single = singles.toArray(String[]::new);
    }

    private static int key(char first, char second) {
        return ((first & 0x7f) << 7) | (second & 0x7f);
    }

    /** The position of the earliest phrase in {@code lower}, or -1. */
    int first(String lower) {
        if (single.length > 0) {
            return TextScan.firstOf(lower, List.of(single));
        }
        int last = lower.length() - 1;
        for (int i = 0; i < last; i++) {
            String[] candidates = byFirstPair[key(lower.charAt(i), lower.charAt(i + 1))];
            if (candidates != null) {
                for (String phrase : candidates) {
                    if (lower.startsWith(phrase, i)) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    boolean foundIn(String lower) {
        return first(lower) >= 0;
    }
}
