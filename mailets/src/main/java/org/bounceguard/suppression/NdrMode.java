package org.bounceguard.suppression;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much proof the guard wants before it sends a non-delivery report.
 *
 * <p>{@link #DUBIOUS_SOURCE} is the default and what large providers do: bounce unless a signal
 * (DNSBL listing, SPF fail, spam flag, ...) says the source is dubious. {@link #AUTHENTICATED_ONLY}
 * turns the burden of proof around: bounce only when the return path is proven - the sender
 * authenticated here (SMTP AUTH), the address is local (the NDR never leaves this server), SPF
 * passed for the envelope sender's domain, or a DKIM signature that verified is aligned with it.
 * It never bounces to a forged sender, at a price: a legitimate sender whose domain publishes
 * neither SPF nor DKIM gets no bounce either.
 */
public enum NdrMode {
    DUBIOUS_SOURCE("dubious-source"),
    AUTHENTICATED_ONLY("authenticated-only");

    private final String code;

    NdrMode(String code) {
        this.code = code;
    }

    /** The configuration word, e.g. {@code authenticated-only}. */
    public String code() {
        return code;
    }

    /** The mode named by {@code code}, ignoring case and surrounding whitespace. */
    public static Optional<NdrMode> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.code.equals(wanted)).findFirst();
    }

    /** The accepted words, for error messages. */
    public static String codes() {
        return Arrays.stream(values()).map(NdrMode::code).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return code;
    }
}
