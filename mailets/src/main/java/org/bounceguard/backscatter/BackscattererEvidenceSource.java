package org.bounceguard.backscatter;

import java.util.Set;

/**
 * The Backscatterer list and any other safe-mode DNSBL zone ({@code :safe}): a bounce whose
 * sending host one of them lists is {@code backscatterer-listed}. Reads the verdict DnsblCheck
 * stored on the mail; without one, no evidence.
 */
public final class BackscattererEvidenceSource implements EvidenceSource {
    public static final String LISTED = "backscatterer-listed";

    @Override
    public String name() {
        return "backscatterer";
    }

    @Override
    public Set<String> reasons() {
        return Set.of(LISTED);
    }

    @Override
    public Signal examine(IncomingBounce bounce) {
        return bounce.safeListedZones().isEmpty() ? Signal.NONE : Signal.reason(LISTED);
    }
}
