package org.bounceguard.backscatter;

import java.util.ArrayList;
import java.util.List;

import org.bounceguard.backscatter.batv.BatvResult;

/**
 * Decides whether an incoming bounce answers mail we really sent. A valid BATV tag is proof that
 * we sent the bounced mail (nobody else can make one), so it settles the question whatever the
 * other signals say; otherwise the reasons found are combined by the policy.
 */
public final class BackscatterJudge {
    /** The outcome: the reasons found, in declaration order, and whether they add up to backscatter. */
    public record Verdict(boolean backscatter, List<BackscatterReason> reasons, int score) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }

        public static Verdict legitimate() {
            return new Verdict(false, List.of(), 0);
        }
    }

    private final BackscatterPolicy policy;

    public BackscatterJudge(BackscatterPolicy policy) {
        this.policy = policy;
    }

    public Verdict judge(BackscatterEvidence evidence) {
        // either proof is enough: a valid tag on the envelope, or a message we relayed to this address
        if (evidence.batv().map(BatvResult::isValid).orElse(false)
                || evidence.answersRelayedMessage().orElse(false)) {
            return Verdict.legitimate();
        }
        List<BackscatterReason> reasons = new ArrayList<>();
        evidence.batv().ifPresent(result -> batvReason(result, reasons));
        if (evidence.ourRelaysInReturnedHeaders().map(known -> !known).orElse(false)) {
            reasons.add(BackscatterReason.RELAYS_UNKNOWN);
        }
        if (evidence.backscattererListed()) {
            reasons.add(BackscatterReason.BACKSCATTERER_LISTED);
        }
        if (evidence.answersRelayedMessage().map(answers -> !answers).orElse(false)) {
            reasons.add(BackscatterReason.LEDGER_MISS);
        }
        int score = reasons.stream().mapToInt(policy::weight).sum();
        boolean backscatter = !reasons.isEmpty() && (!policy.weighted() || score >= policy.threshold());
        return new Verdict(backscatter, reasons, score);
    }

    private static void batvReason(BatvResult result, List<BackscatterReason> reasons) {
        if (result instanceof BatvResult.NotTagged) {
            reasons.add(BackscatterReason.BATV_MISSING);
        } else if (result instanceof BatvResult.Invalid invalid) {
            reasons.add(invalid.reason() == BatvResult.Invalid.Reason.EXPIRED ? BackscatterReason.BATV_EXPIRED : BackscatterReason.BATV_INVALID);
        }
    }
}
