package org.bounceguard.bounce;

import java.util.List;

/** Hand-written scanners over bounded text: linear, no regular expressions, no backtracking. */
final class TextScan {
    private TextScan() {
    }

    /** ASCII letters lowercased, every other character kept: same length, so indexes map back to the original. */
    static String asciiLower(String text) {
        // not String.toLowerCase: on non-Latin-1 text it goes through Character.toLowerCase per char
        int first = 0;
        while (first < text.length() && (text.charAt(first) < 'A' || text.charAt(first) > 'Z')) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        char[] chars = text.toCharArray();
        boolean changed = false;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + 32);
                changed = true;
            }
        }
        return changed ? new String(chars) : text;
    }

    /** The text's characters with ASCII letters lowercased (a fresh array). */
    static char[] asciiLowerChars(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + 32);
            }
        }
        return chars;
    }

    static boolean containsAny(String lower, List<String> phrases) {
        for (String phrase : phrases) {
            if (lower.contains(phrase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocalPartChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '=' || c == '/' || c == '!'
            || c == '#' || c == '$' || c == '&' || c == '\'' || c == '*' || c == '^' || c == '`' || c == '{'
            || c == '|' || c == '}' || c == '~';
    }

    private static boolean isDomainChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    /** An address found in text: where it starts and ends, and its lowercase form. */
    record Address(int start, int end, String value) {
    }

    /**
     * The address around the '@' at {@code at}, or null. Local parts and domains are bounded
     * (64 and 255 characters), so each '@' costs constant work.
     */
    static Address addressAt(String text, int at) {
        int start = at;
        while (start > 0 && at - start < 64 && isLocalPartChar(text.charAt(start - 1))) {
            start--;
        }
        while (start < at && (text.charAt(start) == '.' || text.charAt(start) == '\'' || text.charAt(start) == '='
            || text.charAt(start) == '#' || text.charAt(start) == '|' || text.charAt(start) == '/')) {
            start++;
        }
        int end = at + 1;
        boolean dot = false;
        while (end < text.length() && end - at < 255 && isDomainChar(text.charAt(end))) {
            dot |= text.charAt(end) == '.';
            end++;
        }
        while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        if (start == at || end <= at + 1 || !dot || text.charAt(end - 1) == '.') {
            return null;
        }
        String domain = text.substring(at + 1, end);
        if (domain.indexOf('.') < 0 || domain.startsWith(".") || domain.contains("..")) {
            return null;
        }
        return new Address(start, end, withoutX400Prefix(asciiLower(text.substring(start, end))));
    }

    /** Exchange writes X.400-style "smtp=user@example.org" (or "smtp:"): the address is what follows. */
    static String withoutX400Prefix(String lowerAddress) {
        return lowerAddress.startsWith("smtp=") || lowerAddress.startsWith("smtp:") ? lowerAddress.substring(5) : lowerAddress;
    }

    /**
     * The first enhanced status code ({@code 5.1.1}, {@code 4.2.2}, {@code 5.7.606}) in
     * {@code [from, to)}, not part of a longer dotted number such as an IP address.
     */
    static String statusCode(String text, int from, int to) {
        int limit = Math.min(to, text.length());
        for (int i = Math.max(from, 0); i + 4 < limit + 1 && i + 4 <= text.length(); i++) {
            char c = text.charAt(i);
            if ((c != '2' && c != '4' && c != '5') || text.charAt(i + 1) != '.') {
                continue;
            }
            if (i > 0 && (Character.isDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '.')) {
                continue;
            }
            int j = i + 2;
            int digits = 0;
            while (j < text.length() && digits < 4 && Character.isDigit(text.charAt(j))) {
                j++;
                digits++;
            }
            if (digits == 0 || digits > 3 || j >= text.length() || text.charAt(j) != '.') {
                continue;
            }
            int k = j + 1;
            digits = 0;
            while (k < text.length() && digits < 4 && Character.isDigit(text.charAt(k))) {
                k++;
                digits++;
            }
            if (digits == 0 || digits > 3) {
                continue;
            }
            if (k < text.length() && (Character.isDigit(text.charAt(k)) || (text.charAt(k) == '.' && k + 1 < text.length() && Character.isDigit(text.charAt(k + 1))))) {
                continue;
            }
            return text.substring(i, k);
        }
        return null;
    }

    /** The start of the line holding {@code at}, looking back at most 1,000 characters (bounded cost on huge lines). */
    static int lineStart(String text, int at) {
        int i = Math.min(at, text.length());
        int limit = Math.max(0, i - 1000);
        while (i > limit && text.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    static int lineEnd(String text, int at) {
        int end = text.indexOf('\n', at);
        return end < 0 ? text.length() : end;
    }

    /** The end of the line holding {@code at}, looking at most {@code limit} characters ahead (bounded cost on huge lines). */
    static int lineEnd(String text, int at, int limit) {
        int end = Math.min(text.length(), at + limit);
        for (int i = at; i < end; i++) {
            if (text.charAt(i) == '\n') {
                return i;
            }
        }
        return end;
    }
}
