package org.bounceguard.backscatter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a bounce is judged not to answer mail we sent; the codes appear in attributes and headers. */
public enum BackscatterReason {
    /** A bounce to an address of a BATV-signing domain without a tag: we sign everything we send. */
    BATV_MISSING("batv-missing"),
    /** The tag's signature or key is not ours. */
    BATV_INVALID("batv-invalid"),
    /** The tag is ours but older than its validity. */
    BATV_EXPIRED("batv-expired"),
    /** The bounce returns the original headers, and no Received header names one of our relays. */
    RELAYS_UNKNOWN("relays-unknown"),
    /** The bounce's sending host is listed by a safe-mode DNSBL zone (ips.backscatterer.org). */
    BACKSCATTERER_LISTED("backscatterer-listed"),
    /** The bounce returns a Message-ID that the outbound ledger has no record of for its recipient. */
    LEDGER_MISS("ledger-miss");

    private final String code;

    BackscatterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<BackscatterReason> fromCode(String code) {
        String wanted = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(reason -> reason.code.equals(wanted)).findFirst();
    }
}
