package org.bounceguard.backscatter;

import java.util.Optional;
import java.util.Set;

import org.bounceguard.backscatter.batv.BatvResult;

/**
 * BATV: a bounce to a recipient of a signing domain proves itself with a valid tag (nobody else
 * can make one); without one it is {@code batv-missing}, with a forged or foreign one
 * {@code batv-invalid}, with a stale one {@code batv-expired}. No signing recipient: no evidence.
 */
public final class BatvEvidence implements EvidenceSource {
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

    /** Every signing recipient valid: proof; otherwise the first recipient's failure. */
    @Override
    public Signal examine(IncomingBounce bounce) {
        Optional<BatvResult> firstFailure = bounce.batvResults().values().stream().filter(result -> !result.isValid()).findFirst();
        if (firstFailure.isPresent()) {
            return Signal.reason(reason(firstFailure.get()));
        }
        return bounce.batvResults().isEmpty() ? Signal.NONE : Signal.PROOF;
    }

    private static String reason(BatvResult failure) {
        if (failure instanceof BatvResult.Invalid invalid) {
            return invalid.reason() == BatvResult.Invalid.Reason.EXPIRED ? EXPIRED : INVALID;
        }
        return MISSING;
    }
}
