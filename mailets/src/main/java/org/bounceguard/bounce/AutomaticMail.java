package org.bounceguard.bounce;

import java.util.Locale;

/**
 * The one reading of the structured headers that mark a message as written by a machine:
 * {@code Auto-Submitted} (RFC 3834) and {@code Precedence}. The bounce parser (is this a report or
 * an auto-reply?) and the NDR guard (may this mail be answered?) both read them here.
 */
public final class AutomaticMail {
    /**
     * Characters of a header value read; the keyword stands at the start, so a longer (hostile)
     * value is judged on its beginning and counted ({@link InputBounds.Bound#GUARD_HEADER_VALUE}).
     */
    public static final int MAX_HEADER_VALUE = 2048;

    private AutomaticMail() {
    }

    /** RFC 3834: an {@code Auto-Submitted} value with any keyword but {@code no} (an empty one too) marks an automatic message. */
    public static boolean isAutomatic(String autoSubmitted) {
        return !keyword(autoSubmitted).equals("no");
    }

    /** An {@code Auto-Submitted} value whose keyword is {@code auto-replied}: an out-of-office or similar reply. */
    public static boolean isAutoReplied(String autoSubmitted) {
        return keyword(autoSubmitted).equals("auto-replied");
    }

    /**
     * The leading keyword of a structured header value: comments removed (nested ones too; a
     * parenthesis without its partner stays as text), parameters after {@code ;} dropped, folded.
     * One pass over at most {@link #MAX_HEADER_VALUE} characters; a comment open at that bound
     * is taken to run to it.
     */
    public static String keyword(String headerValue) {
        int length = headerValue.length();
        boolean cut = length > MAX_HEADER_VALUE;
        if (cut) {
            InputBounds.reached(InputBounds.Bound.GUARD_HEADER_VALUE);
            length = MAX_HEADER_VALUE;
        }
        // closeOf[i] = index of the ')' that closes the '(' at i, or 0: matched by a stack of open positions
        int[] closeOf = new int[length];
        int[] open = new int[length];
        int depth = 0;
        for (int i = 0; i < length; i++) {
            char c = headerValue.charAt(i);
            if (c == '(') {
                open[depth++] = i;
            } else if (c == ')' && depth > 0) {
                closeOf[open[--depth]] = i;
            }
        }
        if (cut && depth > 0) {
            // the sender did not leave this comment open, the bound cut it: it runs to the bound
            closeOf[open[0]] = length - 1;
        }
        StringBuilder kept = new StringBuilder(Math.min(length, 64));
        for (int i = 0; i < length; i++) {
            char c = headerValue.charAt(i);
            if (c == '(' && closeOf[i] > 0) {
                // the outermost matched comment, with every comment inside it, becomes one space
                kept.append(' ');
                i = closeOf[i];
            } else if (c == ';') {
                break;
            } else {
                kept.append(c);
            }
        }
        return fold(kept.toString());
    }

    private static String fold(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
