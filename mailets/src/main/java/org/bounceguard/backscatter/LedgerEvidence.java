package org.bounceguard.backscatter;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import org.bounceguard.bounce.BounceReport;
import org.bounceguard.ledger.LedgerAnswer;

/**
 * The outbound ledger: a bounce returning the Message-ID of mail we relayed to its recipient is
 * proven; one returning a Message-ID we never relayed there is {@code ledger-miss}. No Message-ID
 * returned, or a ledger that cannot answer: no evidence.
 */
public final class LedgerEvidence implements EvidenceSource {
    public static final String LEDGER_MISS = "ledger-miss";

    /** The ledger as backscatter detection asks it; its answers are counted by the implementation. */
    public interface Ledger {
        LedgerAnswer answers(String messageId, Collection<String> bounceRecipients);

        /** A bounce that returns no Message-ID: the ledger can say nothing about it. */
        void recordNoEvidence();
    }

    private final Ledger ledger;

    public LedgerEvidence(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public Set<String> reasons() {
        return Set.of(LEDGER_MISS);
    }

    @Override
    public Signal examine(IncomingBounce bounce) {
        Optional<String> messageId = bounce.report().flatMap(BounceReport::originalMessageId);
        if (messageId.isEmpty()) {
            ledger.recordNoEvidence();
            return Signal.NONE;
        }
        return switch (ledger.answers(messageId.get(), bounce.recipients())) {
            case HIT -> Signal.PROOF;
            case MISS -> Signal.reason(LEDGER_MISS);
            case UNAVAILABLE -> Signal.NONE;
        };
    }
}
