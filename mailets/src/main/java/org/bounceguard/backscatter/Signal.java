package org.bounceguard.backscatter;

import java.util.Optional;

/**
 * What one {@link EvidenceSource} says about a bounce: proof that it answers mail we sent, a
 * reason code against it, or nothing either way.
 */
public record Signal(boolean proof, Optional<String> reason) {
    public static final Signal NONE = new Signal(false, Optional.empty());
    public static final Signal PROOF = new Signal(true, Optional.empty());

    public Signal {
        if (proof && reason.isPresent()) {
            throw new IllegalArgumentException("a signal is a proof or a reason, not both");
        }
    }

    public static Signal reason(String code) {
        return new Signal(false, Optional.of(code));
    }
}
