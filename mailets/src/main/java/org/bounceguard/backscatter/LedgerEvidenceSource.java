package org.bounceguard.backscatter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bounceguard.bounce.BounceReport;
import org.bounceguard.ledger.LedgerProof;

/**
 * The outbound ledger, per recipient of the bounce: proven when the bounce quotes the Message-ID
 * of mail this recipient sent and names a recipient of that mail (see {@link LedgerProof}), within
 * the bounces that mail can cause; an auto-reply may name the Message-ID in its own
 * {@code In-Reply-To} instead of returning the original. The other recipients get a reason of
 * their own: no Message-ID returned ({@code ledger-no-message-id}), no recipient of the original
 * named ({@code ledger-no-recipient}), nothing we sent matches ({@code ledger-miss}), or every
 * bounce the original can cause already came ({@code ledger-replay}). A ledger that cannot answer
 * gives no evidence.
 */
public final class LedgerEvidenceSource implements EvidenceSource {
    public static final String LEDGER_MISS = "ledger-miss";
    public static final String NO_MESSAGE_ID = "ledger-no-message-id";
    public static final String NO_RECIPIENT = "ledger-no-recipient";
    public static final String REPLAY = "ledger-replay";

    /** The ledger as backscatter detection asks it; its answers are counted by the implementation. */
    public interface Ledger {
        LedgerProof.Outcome prove(String messageId, String bounceRecipient, List<String> reportedAddresses, LedgerProof.Use use);

        /** A bounce that returns no Message-ID, or names no recipient: the ledger cannot prove it. */
        void recordNoEvidence();
    }

    private final Ledger ledger;

    public LedgerEvidenceSource(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public Set<String> reasons() {
        return Set.of(LEDGER_MISS, NO_MESSAGE_ID, NO_RECIPIENT, REPLAY);
    }

    @Override
    public Signal examine(IncomingBounce bounce) {
        Optional<BounceReport> report = bounce.report();
        // an auto-reply names the mail it answers in its own In-Reply-To rather than returning it
        Optional<String> messageId = report.flatMap(BounceReport::originalMessageId)
            .or(() -> report.filter(read -> read.kind() == BounceReport.Kind.AUTO_REPLY).flatMap(autoReply -> bounce.inReplyTo()));
        if (messageId.isEmpty()) {
            ledger.recordNoEvidence();
            return Signal.reason(NO_MESSAGE_ID);
        }
        List<String> reported = report.get().originalRecipients();
        Optional<LedgerProof.Use> use = use(report.get().kind());
        if (reported.isEmpty() || use.isEmpty()) {
            ledger.recordNoEvidence();
            return Signal.reason(NO_RECIPIENT);
        }
        Set<String> proven = new LinkedHashSet<>();
        Optional<String> reason = Optional.empty();
        for (String recipient : bounce.recipients()) {
            LedgerProof.Outcome outcome = ledger.prove(messageId.get(), recipient, reported, use.get());
            switch (outcome) {
                case PROVEN -> proven.add(recipient);
                case REPLAY -> reason = Optional.of(REPLAY);
                case MISS -> reason = reason.or(() -> Optional.of(LEDGER_MISS));
                case UNAVAILABLE -> { }
            }
        }
        return Signal.proves(proven, reason);
    }

    private static Optional<LedgerProof.Use> use(BounceReport.Kind kind) {
        return switch (kind) {
            case FAILURE -> Optional.of(LedgerProof.Use.FAILURE);
            case DELAY -> Optional.of(LedgerProof.Use.DELAY);
            case AUTO_REPLY -> Optional.of(LedgerProof.Use.AUTO_REPLY);
            case FEEDBACK -> Optional.of(LedgerProof.Use.FEEDBACK);
            case NONE -> Optional.empty();
        };
    }
}
