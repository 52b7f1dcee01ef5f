package org.bounceguard.backscatter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bounceguard.backscatter.batv.BatvResult;

/**
 * BATV, per recipient: a bounce to a recipient of a signing domain proves itself for that recipient
 * with a valid tag (nobody else can make one); without one it is {@code batv-missing}, with a forged or foreign one
 * {@code batv-invalid}, with a stale one {@code batv-expired}. No signing recipient: no evidence.
 */
public final class BatvEvidenceSource implements EvidenceSource {
    public static final String MISSING = "batv-missing";
    public static final String INVALID = "batv-invalid";
    public static final String EXPIRED = "batv-expired";

    @Override
    public String name() {
        return "batv";
    }

    @Override
    public Set<String> reasons() {
        return Set.of(MISSING, INVALID, EXPIRED);
    }

    /** Proof for each signing recipient with a valid tag; the first other signing recipient's failure against the rest. */
    @Override
    public Signal examine(IncomingBounce bounce) {
        List<String> valid = new ArrayList<>();
        Optional<String> firstFailure = Optional.empty();
        for (Map.Entry<String, BatvResult> result : bounce.batvResults().entrySet()) {
            if (result.getValue().isValid()) {
                valid.add(result.getKey());
            } else if (firstFailure.isEmpty()) {
                firstFailure = Optional.of(reason(result.getValue()));
            }
        }
        return valid.isEmpty() && firstFailure.isEmpty() ? Signal.NONE : Signal.proves(valid, firstFailure);
    }

    private static String reason(BatvResult failure) {
        if (failure instanceof BatvResult.Invalid invalid) {
            return invalid.reason() == BatvResult.Invalid.Reason.EXPIRED ? EXPIRED : INVALID;
        }
        return MISSING;
    }
}
