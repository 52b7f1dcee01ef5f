package org.bounceguard.srs;

import java.util.Optional;

/**
 * What was known about the source of the mail an SRS address was made for, carried inside the
 * address's keyed hash: the hash of each class is computed over different data, so only the
 * holder of the keys can make or change it, and reversing an address tells which one it was made
 * with. The address itself looks the same for every class.
 */
public enum SrsSource {
    /** Nothing spoke against the source: its answers go back to the original sender. */
    CLEAN(Optional.empty()),
    /** The client that sent the original was listed by a DNSBL (score at or above the threshold). */
    LISTED(Optional.of("srs-listed")),
    /** SPF said the client may not send for the original sender's domain. */
    SPF_FAIL(Optional.of("srs-spf-fail"));

    private final Optional<String> reason;

    SrsSource(Optional<String> reason) {
        this.reason = reason;
    }

    /** The reason an answer to a forward from this source is not sent on; empty for {@link #CLEAN}. */
    public Optional<String> reason() {
        return reason;
    }

    public boolean dubious() {
        return this != CLEAN;
    }

    /** What is hashed before the address data: nothing for {@link #CLEAN}, keeping its hash that of the common scheme. */
    String hashPrefix() {
        return this == CLEAN ? "" : name().toLowerCase(java.util.Locale.ROOT) + "\u0000";
    }
}
