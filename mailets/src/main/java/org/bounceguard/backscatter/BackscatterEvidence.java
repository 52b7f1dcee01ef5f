package org.bounceguard.backscatter;

import java.util.Optional;

import org.bounceguard.backscatter.batv.BatvResult;

/**
 * What is known about one incoming bounce.
 *
 * @param batv the BATV verdict on the bounce's recipient; empty when the recipient's domain does
 *     not sign (no evidence either way)
 * @param ourRelaysInReturnedHeaders whether the returned original headers name one of our relays;
 *     empty when the bounce returns no Received headers (no evidence)
 * @param backscattererListed whether a safe-mode DNSBL zone lists the bounce's sending host
 * @param answersRelayedMessage whether the outbound ledger holds the Message-ID the bounce returns,
 *     for its recipient; empty when the ledger is off, the bounce returns no Message-ID, or the
 *     ledger could not answer (no evidence)
 */
public record BackscatterEvidence(Optional<BatvResult> batv, Optional<Boolean> ourRelaysInReturnedHeaders,
                                  boolean backscattererListed, Optional<Boolean> answersRelayedMessage) {

    /** Evidence without the outbound ledger. */
    public BackscatterEvidence(Optional<BatvResult> batv, Optional<Boolean> ourRelaysInReturnedHeaders, boolean backscattererListed) {
        this(batv, ourRelaysInReturnedHeaders, backscattererListed, Optional.empty());
    }
}
