package org.bounceguard.verify;

import java.util.Optional;

/**
 * A backend's remembered answer about one address: accepted, or refused with its code and text.
 * Deferrals are never remembered. {@link #encode}/{@link #decode} give the one-line form a shared
 * store keeps.
 */
public record CachedVerdict(boolean accepted, int code, String text) {
    public static final CachedVerdict ACCEPTED = new CachedVerdict(true, 250, "");

    public CachedVerdict {
        text = ReplyText.sanitise(text);
    }

    public static CachedVerdict refused(int code, String text) {
        return new CachedVerdict(false, code, text);
    }

    /** {@code A} or {@code R<code> <text>}. */
    public String encode() {
        return accepted ? "A" : "R" + code + " " + text;
    }

    /** Empty for text that is not {@link #encode}'s (another version's, or damaged): such an entry counts as a miss. */
    public static Optional<CachedVerdict> decode(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        if (encoded.equals("A")) {
            return Optional.of(ACCEPTED);
        }
        if (encoded.length() >= 4 && encoded.charAt(0) == 'R') {
            try {
                int code = Integer.parseInt(encoded.substring(1, 4));
                if (code >= 500 && code <= 599) {
                    return Optional.of(refused(code, encoded.length() > 5 ? encoded.substring(5) : ""));
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
