package org.bounceguard.backscatter;

import java.util.List;

/**
 * Decides whether an incoming bounce answers mail we really sent. A proof (a valid BATV tag, a
 * message the ledger saw us relay) settles the question whatever the other signals say, since
 * nobody else can produce one; otherwise the reasons found are combined by the policy.
 */
public final class BackscatterJudge {
    /** Any reason is enough: what {@code IsBackscatter=any} and {@code RecordBackscatter} use. */
    public static final BackscatterJudge ANY = new BackscatterJudge(BackscatterPolicy.ANY);

    /** The outcome: the reasons found, in source order, and whether they add up to backscatter. */
    public record Verdict(boolean backscatter, List<String> reasons, int score) {
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
        if (evidence.proven()) {
            return Verdict.legitimate();
        }
        int score = evidence.reasons().stream().mapToInt(policy::weight).sum();
        boolean backscatter = !evidence.reasons().isEmpty() && (!policy.weighted() || score >= policy.threshold());
        return new Verdict(backscatter, evidence.reasons(), score);
    }
}
