package org.bounceguard.bounce;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the phrases of several families (fixed lowercase strings) in one pass over a text: the
 * phrases are indexed by a hash of their first four characters, so each position of the text
 * costs one array look-up and, only when those four characters may start a phrase, a comparison.
 * Linear in the text, whatever the number of phrases. Phrases are at least four characters long.
 */
final class PhraseSet {
    private static final int PAIRS = 1 << 16;
    private final String[][] phrasesByPair = new String[PAIRS][];
    /** One bit per key that starts some phrase: 8 KB, which stays in the first-level cache where the 64 K table would not. */
    private final long[] keyPresent = new long[PAIRS / 64];
    private final int[][] familiesByPair = new int[PAIRS][];
    private final int familyCount;

    PhraseSet(List<List<String>> families) {
        familyCount = families.size();
        List<List<String>> phrases = new ArrayList<>(PAIRS);
        List<List<Integer>> owners = new ArrayList<>(PAIRS);
        for (int i = 0; i < PAIRS; i++) {
            phrases.add(null);
            owners.add(null);
        }
        for (int family = 0; family < families.size(); family++) {
            for (String phrase : families.get(family)) {
                if (phrase.length() < 4) {
                    throw new IllegalArgumentException("phrase too short: " + phrase);
                }
                int key = key(phrase.charAt(0), phrase.charAt(1), phrase.charAt(2), phrase.charAt(3));
                if (phrases.get(key) == null) {
                    phrases.set(key, new ArrayList<>());
                    owners.set(key, new ArrayList<>());
                }
                phrases.get(key).add(phrase);
                owners.get(key).add(family);
            }
        }
        for (int i = 0; i < PAIRS; i++) {
            if (phrases.get(i) != null) {
                keyPresent[i >>> 6] |= 1L << i;
                phrasesByPair[i] = phrases.get(i).toArray(String[]::new);
                familiesByPair[i] = owners.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    private static boolean startsWith(char[] chars, int at, String phrase) {
        if (at + phrase.length() > chars.length) {
            return false;
        }
        for (int i = 0; i < phrase.length(); i++) {
            if (chars[at + i] != phrase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int key(char a, char b, char c, char d) {
        return (((a * 31 + b) * 31 + c) * 31 + d) & (PAIRS - 1);
    }

    /** For each family, the position of its earliest phrase in {@code lower}, or -1. */
    int[] firstOfEach(String lower) {
        return firstOfEach(lower.toCharArray());
    }

    /** For each family, the position of its earliest phrase in the lowercase {@code chars}, or -1. */
    int[] firstOfEach(char[] chars) {
        int[] first = new int[familyCount];
        java.util.Arrays.fill(first, -1);
        int missing = familyCount;
        int last = chars.length - 3;
        for (int i = 0; i < last && missing > 0; i++) {
            int key = key(chars[i], chars[i + 1], chars[i + 2], chars[i + 3]);
            if ((keyPresent[key >>> 6] & (1L << key)) == 0) {
                continue;
            }
            String[] candidates = phrasesByPair[key];
            int[] families = familiesByPair[key];
            for (int c = 0; c < candidates.length; c++) {
                if (first[families[c]] < 0 && startsWith(chars, i, candidates[c])) {
                    first[families[c]] = i;
                    missing--;
                }
            }
        }
        return first;
    }
}
