package org.bounceguard.backscatter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.bounceguard.srs.SrsResult;

/**
 * SRS, per recipient: a bounce to an SRS address of ours whose hash and time verify answers mail
 * we forwarded (nobody else can make one), which proves it for that recipient; one to an SRS
 * address we cannot vouch for gives the reason {@code srs-bad-hash}, {@code srs-expired} or
 * {@code srs-malformed}. Recipients that are not SRS addresses of ours: no evidence. Whether a
 * proven answer then reaches the original sender is {@code SrsReverse}'s decision, by the source
 * class the address carries.
 */
public final class SrsEvidenceSource implements EvidenceSource {
    private final Function<String, SrsResult> reverse;

    /** @param reverse verifies an address today ({@code SrsService::reverse}) */
    public SrsEvidenceSource(Function<String, SrsResult> reverse) {
        this.reverse = reverse;
    }

    @Override
    public String name() {
        return "srs";
    }

    @Override
    public Set<String> reasons() {
        return Set.of(SrsResult.Invalid.Reason.BAD_HASH.code(), SrsResult.Invalid.Reason.EXPIRED.code(),
            SrsResult.Invalid.Reason.MALFORMED.code());
    }

    @Override
    public Signal examine(IncomingBounce bounce) {
        List<String> valid = new ArrayList<>();
        Optional<String> firstFailure = Optional.empty();
        for (String recipient : bounce.recipients()) {
            SrsResult result = reverse.apply(recipient);
            if (result instanceof SrsResult.Valid) {
                valid.add(recipient);
            } else if (result instanceof SrsResult.Invalid invalid && firstFailure.isEmpty()) {
                firstFailure = Optional.of(invalid.reason().code());
            }
        }
        return valid.isEmpty() && firstFailure.isEmpty() ? Signal.NONE : Signal.proves(valid, firstFailure);
    }
}
