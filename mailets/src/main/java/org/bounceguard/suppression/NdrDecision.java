package org.bounceguard.suppression;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Whether to send a non-delivery report, and if not, every reason why.
 *
 * <p>Invariant: {@code sendNdr} is true exactly when {@code reasons} is empty. The reasons are
 * de-duplicated and sorted in {@link SuppressionReason} declaration order, whatever order the
 * caller gave them in, so two decisions with the same reasons are equal.
 *
 * @param sendNdr whether the NDR should be sent
 * @param reasons every applicable suppression reason, in {@link SuppressionReason} order; empty when sending
 */
public record NdrDecision(boolean sendNdr, List<SuppressionReason> reasons) {

    private static final NdrDecision ALLOW = new NdrDecision(true, List.of());

    public NdrDecision {
        Objects.requireNonNull(reasons, "reasons");
        reasons = canonical(reasons);
        if (sendNdr != reasons.isEmpty()) {
            throw new IllegalArgumentException(sendNdr
                    ? "a decision to send an NDR cannot carry suppression reasons: " + reasons
                    : "a suppression needs at least one reason");
        }
    }

    /** Send the NDR: nothing suppresses it. */
    public static NdrDecision allow() {
        return ALLOW;
    }

    /** Suppress the NDR for the given reasons (at least one). */
    public static NdrDecision suppress(Collection<SuppressionReason> reasons) {
        return new NdrDecision(false, List.copyOf(reasons));
    }

    /** Suppress the NDR for the given reasons (at least one). */
    public static NdrDecision suppress(SuppressionReason first, SuppressionReason... more) {
        EnumSet<SuppressionReason> all = EnumSet.of(first, more);
        return new NdrDecision(false, List.copyOf(all));
    }

    /** True when the NDR is suppressed. */
    public boolean suppressed() {
        return !sendNdr;
    }

    /** True when {@code reason} is among the reasons. */
    public boolean hasReason(SuppressionReason reason) {
        return reasons.contains(reason);
    }

    private static List<SuppressionReason> canonical(Collection<SuppressionReason> reasons) {
        if (reasons.isEmpty()) {
            return List.of();
        }
        EnumSet<SuppressionReason> set = EnumSet.noneOf(SuppressionReason.class);
        for (SuppressionReason reason : reasons) {
            set.add(Objects.requireNonNull(reason, "reasons must not contain null"));
        }
        return List.copyOf(set);
    }
}
