package org.bounceguard.net;

import java.util.Locale;
import java.util.Optional;

/**
 * Mail addresses as Bounceguard reads them from envelopes, headers and configuration, and the one
 * definition of a bounce's return path.
 */
public final class Addresses {
    /** Local parts that mark a sender as a mail system answering for itself (RFC 5321 §4.5.1, §6.2). */
    private static final String POSTMASTER = "postmaster";
    private static final String MAILER_DAEMON = "mailer-daemon";

    private Addresses() {
    }

    /** Trimmed, without the angle brackets of a path ({@code <bob@example.org>} → {@code bob@example.org}); case kept. */
    public static String bare(String address) {
        String trimmed = address == null ? "" : address.trim();
        if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
            return trimmed.substring(1, trimmed.length() - 1).trim();
        }
        return trimmed;
    }

    /** {@link #bare}, lowercase: the form addresses are compared and keyed in. */
    public static String fold(String address) {
        return bare(address).toLowerCase(Locale.ROOT);
    }

    /** Everything before the last {@code @}, folded; the whole text when there is none. */
    public static String localPart(String address) {
        String folded = fold(address);
        int at = folded.lastIndexOf('@');
        return at < 0 ? folded : folded.substring(0, at);
    }

    /** The domain after the last {@code @}, folded as {@link DomainNames#fold}; empty when there is none. */
    public static Optional<String> domain(String address) {
        String bare = bare(address);
        int at = bare.lastIndexOf('@');
        String domain = at < 0 ? "" : DomainNames.fold(bare.substring(at + 1));
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }

    /**
     * Whether mail with this reverse path is a bounce: the null reverse path ({@code MAIL FROM:<>},
     * given as empty, blank or {@code <>}), or a sender whose local part is {@code postmaster} or
     * {@code MAILER-DAEMON} (any case) - the two names MTAs that do not use {@code <>} send their
     * reports from. The DNSBL engine's safe mode, backscatter detection and the NDR guard all use
     * this rule, so a mail is a bounce to all of them or to none.
     */
    public static boolean isBounceSender(Optional<String> reversePath) {
        return reversePath.map(Addresses::isBounceSender).orElse(true);
    }

    /** As {@link #isBounceSender(Optional)}, for a reverse path given as text (empty, blank or {@code <>}: the null one). */
    public static boolean isBounceSender(String reversePath) {
        if (bare(reversePath).isEmpty()) {
            return true;
        }
        String local = localPart(reversePath);
        return local.isEmpty() || local.equals(POSTMASTER) || local.equals(MAILER_DAEMON);
    }
}
