package org.bounceguard.backscatter;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import org.bounceguard.net.Addresses;

import com.google.common.collect.ImmutableSet;

/**
 * What one {@link EvidenceSource} says about a bounce, per recipient: the recipients it proves the
 * bounce legitimate for (it answers mail they sent), and a reason code against it for the others,
 * or nothing either way.
 *
 * @param everyRecipient whether the proof covers every recipient of the bounce
 * @param provenRecipients the recipients proven, folded (when not {@code everyRecipient})
 * @param reason the reason code, for the recipients not proven
 */
public record Signal(boolean everyRecipient, Set<String> provenRecipients, Optional<String> reason) {
    public static final Signal NONE = new Signal(false, Set.of(), Optional.empty());
    /** Proof for every recipient. */
    public static final Signal PROOF = new Signal(true, Set.of(), Optional.empty());

    public Signal {
        provenRecipients = provenRecipients.stream().map(Addresses::fold).collect(ImmutableSet.toImmutableSet());
        if (everyRecipient && reason.isPresent()) {
            throw new IllegalArgumentException("a signal proving every recipient has no reason against any");
        }
    }

    public static Signal reason(String code) {
        return new Signal(false, Set.of(), Optional.of(code));
    }

    /** Proof for {@code recipients}; {@code reason} against the others. */
    public static Signal proves(Collection<String> recipients, Optional<String> reason) {
        return new Signal(false, Set.copyOf(recipients), reason);
    }

    public boolean proves(String recipient) {
        return everyRecipient || provenRecipients.contains(Addresses.fold(recipient));
    }

    /** Whether it proves the bounce legitimate for at least one recipient. */
    public boolean proof() {
        return everyRecipient || !provenRecipients.isEmpty();
    }
}
