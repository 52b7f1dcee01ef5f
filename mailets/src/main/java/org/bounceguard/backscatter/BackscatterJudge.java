package org.bounceguard.backscatter;

import java.util.Collection;
import java.util.List;

/**
 * Decides, per recipient, whether an incoming bounce answers mail we really sent. A proof for a
 * recipient (a valid BATV tag of that recipient, a ledger entry of mail that recipient sent)
 * settles the question for that recipient whatever the other signals say, since nobody else can
 * produce one; for the recipients without proof, the reasons found are combined by the policy.
 */
public final class BackscatterJudge {
    /** Any reason is enough: what {@code IsBackscatter=any} and {@code RecordBackscatter} use. */
    public static final BackscatterJudge ANY = new BackscatterJudge(BackscatterPolicy.ANY);

    /**
     * The outcome: the reasons found, in source order, whether they add up to backscatter, and
     * for which recipients (those without proof; empty when it is not backscatter).
     */
    public record Decision(boolean backscatter, List<String> reasons, int score, List<String> backscatterRecipients) {
        public Decision {
            reasons = List.copyOf(reasons);
            backscatterRecipients = List.copyOf(backscatterRecipients);
        }

        public static Decision legitimate() {
            return new Decision(false, List.of(), 0, List.of());
        }
    }

    private final BackscatterPolicy policy;

    public BackscatterJudge(BackscatterPolicy policy) {
        this.policy = policy;
    }

    /** The verdict on a bounce to {@code recipients}. */
    public Decision decide(BackscatterEvidence evidence, Collection<String> recipients) {
        List<String> unproven = recipients.stream().filter(recipient -> !evidence.proves(recipient)).toList();
        if (unproven.isEmpty()) {
            return Decision.legitimate();
        }
        int score = evidence.reasons().stream().mapToInt(policy::weight).sum();
        boolean backscatter = !evidence.reasons().isEmpty() && (!policy.weighted() || score >= policy.threshold());
        return new Decision(backscatter, evidence.reasons(), score, backscatter ? unproven : List.of());
    }
}
