package org.bounceguard.verify;

/** A backend's reply text made safe to repeat in our own SMTP reply and logs: printable ASCII, one line, bounded. */
public final class ReplyText {
    /** Longest text we repeat: with {@code 550 5.1.1 } it stays well inside RFC 5321's 512-octet reply line. */
    public static final int MAX_LENGTH = 200;

    private ReplyText() {
    }

    public static String sanitise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        boolean space = false;
        for (int i = 0; i < text.length() && clean.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // CR, LF, controls and non-ASCII become one space: no reply injection, no smuggled line
                space = clean.length() > 0;
                continue;
            }
            if (space) {
                clean.append(' ');
                space = false;
                if (clean.length() >= MAX_LENGTH) {
                    break;
                }
            }
            clean.append(c);
        }
        return clean.toString();
    }
}
