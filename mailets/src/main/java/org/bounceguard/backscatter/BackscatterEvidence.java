package org.bounceguard.backscatter;

import java.util.List;
import java.util.Set;

import org.bounceguard.net.Addresses;

import com.google.common.collect.ImmutableSet;

/**
 * What the evidence sources said about one incoming bounce, computed once per mail.
 *
 * @param reasons the reason codes found against the recipients no source proves, in the order of the configured sources
 * @param proofs the names of the sources that prove the bounce answers mail we sent, for at least one recipient
 * @param provenRecipients the recipients (folded) the bounce is proven legitimate for
 */
public record BackscatterEvidence(List<String> reasons, List<String> proofs, Set<String> provenRecipients) {
    public static final BackscatterEvidence NONE = new BackscatterEvidence(List.of(), List.of(), Set.of());

    public BackscatterEvidence {
        reasons = List.copyOf(reasons);
        proofs = List.copyOf(proofs);
        provenRecipients = provenRecipients.stream().map(Addresses::fold).collect(ImmutableSet.toImmutableSet());
    }

    public boolean proves(String recipient) {
        return provenRecipients.contains(Addresses.fold(recipient));
    }
}
