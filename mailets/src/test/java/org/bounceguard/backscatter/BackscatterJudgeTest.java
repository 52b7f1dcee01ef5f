package org.bounceguard.backscatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.bounceguard.backscatter.batv.BatvResult;
import org.junit.jupiter.api.Test;

class BackscatterJudgeTest {
    private static final BatvResult VALID = new BatvResult.Valid("bob@example.org", 1);
    private static final BatvResult UNTAGGED = new BatvResult.NotTagged("bob@example.org");
    private static final BatvResult FORGED = new BatvResult.Invalid("bob@example.org", BatvResult.Invalid.Reason.BAD_SIGNATURE);
    private static final BatvResult EXPIRED = new BatvResult.Invalid("bob@example.org", BatvResult.Invalid.Reason.EXPIRED);

    private final BackscatterJudge any = new BackscatterJudge(BackscatterPolicy.ANY);

    private static BackscatterEvidence evidence(BatvResult batv, Boolean relaysKnown, boolean listed) {
        return new BackscatterEvidence(Optional.ofNullable(batv), Optional.ofNullable(relaysKnown), listed);
    }

    @Test
    void noEvidenceAtAllIsNotBackscatter() {
        assertThat(any.judge(evidence(null, null, false)).backscatter()).isFalse();
    }

    @Test
    void eachBatvFailureIsItsOwnReason() {
        assertThat(any.judge(evidence(UNTAGGED, null, false)).reasons()).containsExactly(BackscatterReason.BATV_MISSING);
        assertThat(any.judge(evidence(FORGED, null, false)).reasons()).containsExactly(BackscatterReason.BATV_INVALID);
        assertThat(any.judge(evidence(EXPIRED, null, false)).reasons()).containsExactly(BackscatterReason.BATV_EXPIRED);
        assertThat(any.judge(evidence(new BatvResult.Invalid("x@y.z", BatvResult.Invalid.Reason.UNKNOWN_KEY), null, false)).reasons())
            .containsExactly(BackscatterReason.BATV_INVALID);
    }

    @Test
    void returnedHeadersWithoutOurRelaysAreAReasonButMissingHeadersAreNot() {
        assertThat(any.judge(evidence(null, false, false)).reasons()).containsExactly(BackscatterReason.RELAYS_UNKNOWN);
        assertThat(any.judge(evidence(null, true, false)).backscatter()).isFalse();
    }

    @Test
    void aLedgerHitSettlesItLikeAValidTag() {
        BackscatterJudge.Verdict verdict = any.judge(new BackscatterEvidence(Optional.of(UNTAGGED), Optional.of(false), true, Optional.of(true)));

        assertThat(verdict.backscatter()).isFalse();
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void aLedgerMissIsOneMoreReasonAndNoLedgerEvidenceIsNone() {
        assertThat(any.judge(new BackscatterEvidence(Optional.empty(), Optional.empty(), false, Optional.of(false))).reasons())
            .containsExactly(BackscatterReason.LEDGER_MISS);
        assertThat(any.judge(new BackscatterEvidence(Optional.of(UNTAGGED), Optional.empty(), false, Optional.of(false))).reasons())
            .containsExactly(BackscatterReason.BATV_MISSING, BackscatterReason.LEDGER_MISS);
        assertThat(any.judge(new BackscatterEvidence(Optional.empty(), Optional.empty(), false, Optional.empty())).backscatter()).isFalse();
    }

    @Test
    void aLedgerMissCanBeWeighted() {
        BackscatterJudge weighted = new BackscatterJudge(BackscatterPolicy.parse("weighted:3, ledger-miss=2, relays-unknown=1"));

        assertThat(weighted.judge(new BackscatterEvidence(Optional.empty(), Optional.empty(), false, Optional.of(false))).backscatter()).isFalse();
        assertThat(weighted.judge(new BackscatterEvidence(Optional.empty(), Optional.of(false), false, Optional.of(false))).backscatter()).isTrue();
    }

    @Test
    void validTagSettlesItEvenAgainstOtherSignals() {
        BackscatterJudge.Verdict verdict = any.judge(evidence(VALID, false, true));

        assertThat(verdict.backscatter()).isFalse();
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void allReasonsAreListedInDeclarationOrder() {
        assertThat(any.judge(evidence(UNTAGGED, false, true)).reasons())
            .containsExactly(BackscatterReason.BATV_MISSING, BackscatterReason.RELAYS_UNKNOWN, BackscatterReason.BACKSCATTERER_LISTED);
    }

    @Test
    void weightedPolicyNeedsTheThreshold() {
        BackscatterJudge weighted = new BackscatterJudge(BackscatterPolicy.parse("weighted:3, relays-unknown=2, backscatterer-listed=1"));

        assertThat(weighted.judge(evidence(null, false, false)).backscatter()).isFalse();
        assertThat(weighted.judge(evidence(null, false, false)).score()).isEqualTo(2);
        assertThat(weighted.judge(evidence(null, false, true)).backscatter()).isTrue();
        assertThat(weighted.judge(evidence(null, false, true)).score()).isEqualTo(3);
    }

    @Test
    void policyTextErrorsNameTheProblem() {
        assertThatThrownBy(() -> BackscatterPolicy.parse("most")).hasMessageContaining("'most'").hasMessageContaining("any");
        assertThatThrownBy(() -> BackscatterPolicy.parse("weighted:x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> BackscatterPolicy.parse("weighted:2, nonsense=1")).hasMessageContaining("'nonsense'");
        assertThatThrownBy(() -> BackscatterPolicy.parse("weighted:2, relays-unknown")).hasMessageContaining("reason=weight");
    }
}
