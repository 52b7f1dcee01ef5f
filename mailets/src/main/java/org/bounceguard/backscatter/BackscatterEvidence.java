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
 */
public record BackscatterEvidence(Optional<BatvResult> batv, Optional<Boolean> ourRelaysInReturnedHeaders,
                                  boolean backscattererListed) {
}
