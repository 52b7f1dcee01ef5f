package org.bounceguard.backscatter;

import java.util.List;

/**
 * What the evidence sources said about one incoming bounce, computed once per mail.
 *
 * @param reasons the reason codes found, in the order of the configured sources
 * @param proofs the names of the sources that prove the bounce answers mail we sent
 */
public record BackscatterEvidence(List<String> reasons, List<String> proofs) {
    public static final BackscatterEvidence NONE = new BackscatterEvidence(List.of(), List.of());

    public BackscatterEvidence {
        reasons = List.copyOf(reasons);
        proofs = List.copyOf(proofs);
    }

    public boolean proven() {
        return !proofs.isEmpty();
    }
}
