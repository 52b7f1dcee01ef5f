package org.bounceguard.backscatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.bounce.BounceReport;
import org.bounceguard.bounce.OriginalMessage;
import org.bounceguard.bounce.FailedRecipient;
import org.bounceguard.ledger.LedgerProof;
import org.junit.jupiter.api.Test;

/** The evidence sources, the order they are asked in, and how the judge combines what they say. */
class BackscatterJudgeTest {
    private static final BatvResult VALID = new BatvResult.Valid("bob@example.org", 1);
    private static final BatvResult UNTAGGED = new BatvResult.NotTagged("bob@example.org");
    private static final BatvResult FORGED = new BatvResult.Invalid("bob@example.org", BatvResult.Invalid.Reason.BAD_SIGNATURE);
    private static final BatvResult EXPIRED = new BatvResult.Invalid("bob@example.org", BatvResult.Invalid.Reason.EXPIRED);
    private static final String THEIR_HOP = "from mx.elsewhere.example ([203.0.113.9]) by mx.victim.example";
    private static final String OUR_HOP = "from laptop ([10.0.0.5]) by mx.example.org";

    private static final List<String> BOB = List.of("bob@example.org");

    private final BackscatterJudge any = BackscatterJudge.ANY;
    private final FakeLedger ledger = new FakeLedger();
    private final EvidenceSources all = new EvidenceSources(List.of(new BatvEvidenceSource(),
        new RelayEvidenceSource(OwnRelays.parse("mx.example.org")), new BackscattererEvidenceSource(), new LedgerEvidenceSource(ledger)));

    /** A ledger that answers what it is told to and counts the questions. */
    static final class FakeLedger implements LedgerEvidenceSource.Ledger {
        LedgerProof.Outcome answer = LedgerProof.Outcome.MISS;
        final List<String> asked = new ArrayList<>();
        final List<String> reportedAsked = new ArrayList<>();
        int noEvidence;

        @Override
        public LedgerProof.Outcome prove(String messageId, String bounceRecipient, List<String> reported, LedgerProof.Use use) {
            asked.add(messageId);
            reportedAsked.addAll(reported);
            return answer;
        }

        @Override
        public void recordNoEvidence() {
            noEvidence++;
        }
    }

    private static IncomingBounce bounce(BatvResult batv, List<String> received, boolean listed, Optional<String> messageId) {
        Map<String, BatvResult> results = new LinkedHashMap<>();
        if (batv != null) {
            results.put(batv.originalAddress(), batv);
        }
        Optional<BounceReport> report = received == null && messageId.isEmpty() ? Optional.empty()
            : Optional.of(new BounceReport(BounceReport.Kind.FAILURE, List.of(new FailedRecipient("carol@remote.example", Optional.of("5.1.1"),
                Optional.empty(), Optional.empty(), Optional.of("failed"))), Optional.of(new OriginalMessage(messageId,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), received == null ? List.of() : received))));
        return new IncomingBounce(List.of("bob@example.org"), results, listed ? List.of("ips.backscatterer.org") : List.of(), () -> report);
    }

    /** What the sources but the ledger say (the ledger's own cases quote a Message-ID). */
    private BackscatterEvidence evidence(BatvResult batv, List<String> received, boolean listed) {
        return new EvidenceSources(all.sources().subList(0, 3)).examine(bounce(batv, received, listed, Optional.empty()));
    }

    @Test
    void noEvidenceAtAllIsNotBackscatter() {
        assertThat(any.decide(evidence(null, null, false), BOB).backscatter()).isFalse();
    }

    @Test
    void eachBatvFailureIsItsOwnReason() {
        assertThat(evidence(UNTAGGED, null, false).reasons()).containsExactly("batv-missing");
        assertThat(evidence(FORGED, null, false).reasons()).containsExactly("batv-invalid");
        assertThat(evidence(EXPIRED, null, false).reasons()).containsExactly("batv-expired");
        assertThat(evidence(new BatvResult.Invalid("x@y.z", BatvResult.Invalid.Reason.UNKNOWN_KEY), null, false).reasons())
            .containsExactly("batv-invalid");
    }

    @Test
    void returnedHeadersWithoutOurRelaysAreAReasonButMissingOrOurHeadersAreNot() {
        assertThat(evidence(null, List.of(THEIR_HOP), false).reasons()).containsExactly("relays-unknown");
        assertThat(any.decide(evidence(null, List.of(THEIR_HOP, OUR_HOP), false), BOB).backscatter()).isFalse();
        assertThat(any.decide(evidence(null, List.of(), false), BOB).backscatter()).isFalse();
    }

    @Test
    void aLedgerHitSettlesItLikeAValidTag() {
        ledger.answer = LedgerProof.Outcome.PROVEN;
        BackscatterEvidence evidence = all.examine(bounce(UNTAGGED, List.of(THEIR_HOP), true, Optional.of("<m1@example.org>")));

        assertThat(evidence.proofs()).containsExactly("ledger");
        assertThat(any.decide(evidence, BOB).backscatter()).isFalse();
        assertThat(any.decide(evidence, BOB).reasons()).isEmpty();
    }

    @Test
    void aLedgerMissIsOneMoreReasonAndNoReturnedMessageIdIsAReasonOfItsOwn() {
        assertThat(all.examine(bounce(UNTAGGED, null, false, Optional.of("<m1@example.org>"))).reasons())
            .containsExactly("batv-missing", "ledger-miss");
        assertThat(ledger.asked).containsExactly("<m1@example.org>");

        assertThat(all.examine(bounce(null, List.of(OUR_HOP), false, Optional.empty())).reasons()).containsExactly("ledger-no-message-id");
        assertThat(ledger.noEvidence).isEqualTo(1);
    }

    @Test
    void proofIsPerRecipientAndTheReasonsAreThoseAgainstTheOthers() {
        Map<String, BatvResult> results = new LinkedHashMap<>();
        results.put("alice@example.org", new BatvResult.Valid("alice@example.org", 1));
        results.put("bob@example.org", UNTAGGED);
        IncomingBounce bounce = new IncomingBounce(List.of("alice@example.org", "bob@example.org", "carol@example.org"), results, List.of(),
            Optional::empty);

        BackscatterEvidence evidence = new EvidenceSources(List.of(new BatvEvidenceSource())).examine(bounce);
        BackscatterJudge.Decision verdict = any.decide(evidence, List.of("alice@example.org", "bob@example.org", "carol@example.org"));

        assertThat(evidence.provenRecipients()).containsExactly("alice@example.org");
        assertThat(verdict.backscatter()).isTrue();
        assertThat(verdict.reasons()).containsExactly("batv-missing");
        assertThat(verdict.backscatterRecipients()).containsExactly("bob@example.org", "carol@example.org");
    }

    @Test
    void aLedgerReplayAndAMissingRecipientAreReasonsOfTheirOwn() {
        ledger.answer = LedgerProof.Outcome.REPLAY;
        assertThat(all.examine(bounce(null, null, false, Optional.of("<m1@example.org>"))).reasons()).containsExactly("ledger-replay");

        IncomingBounce noRecipient = new IncomingBounce(BOB, Map.of(), List.of(), () -> Optional.of(new BounceReport(BounceReport.Kind.FAILURE,
            List.of(), Optional.of(new OriginalMessage(Optional.of("<m1@example.org>"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of())))));
        assertThat(all.examine(noRecipient).reasons()).containsExactly("ledger-no-recipient");
    }

    @Test
    void anAutoReplyIsAskedAboutByItsInReplyToAndItsReplyingAddress() {
        ledger.answer = LedgerProof.Outcome.PROVEN;
        BounceReport autoReply = new BounceReport(BounceReport.Kind.AUTO_REPLY, List.of(), Optional.empty(), List.of(),
            Optional.of("away@remote.example"));
        IncomingBounce bounce = new IncomingBounce(BOB, Map.of(), List.of(), () -> Optional.of(autoReply), Optional.of("<m7@example.org>"));

        assertThat(all.examine(bounce).provenRecipients()).containsExactly("bob@example.org");
        assertThat(ledger.asked).containsExactly("<m7@example.org>");
        assertThat(ledger.reportedAsked).containsExactly("away@remote.example");
    }

    @Test
    void anUnavailableLedgerGivesNoEvidence() {
        ledger.answer = LedgerProof.Outcome.UNAVAILABLE;
        assertThat(all.examine(bounce(null, null, false, Optional.of("<m1@example.org>")))).isEqualTo(BackscatterEvidence.NONE);
    }

    @Test
    void theReportIsReadOnlyWhenASourceAsksForItAndThenOnce() {
        int[] reads = {0};
        IncomingBounce bounce = new IncomingBounce(List.of("bob@example.org"), Map.of(), List.of(), () -> {
            reads[0]++;
            return Optional.empty();
        });

        new EvidenceSources(List.of(new BatvEvidenceSource(), new BackscattererEvidenceSource())).examine(bounce);
        assertThat(reads[0]).isZero();
        all.examine(bounce);
        all.examine(bounce);
        assertThat(reads[0]).isEqualTo(1);
    }

    @Test
    void aWeightedPolicyWeighsALedgerMiss() {
        BackscatterJudge weighted = new BackscatterJudge(BackscatterPolicy.parse("weighted:3, ledger-miss=2, relays-unknown=1", all.reasons()));

        assertThat(weighted.decide(new BackscatterEvidence(List.of("ledger-miss"), List.of(), Set.of()), BOB).backscatter()).isFalse();
        assertThat(weighted.decide(new BackscatterEvidence(List.of("relays-unknown", "ledger-miss"), List.of(), Set.of()), BOB).backscatter()).isTrue();
    }

    @Test
    void validTagSettlesItEvenAgainstOtherSignals() {
        BackscatterJudge.Decision verdict = any.decide(evidence(VALID, List.of(THEIR_HOP), true), BOB);

        assertThat(verdict.backscatter()).isFalse();
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void allReasonsAreListedInSourceOrder() {
        assertThat(any.decide(evidence(UNTAGGED, List.of(THEIR_HOP), true), BOB).reasons())
            .containsExactly("batv-missing", "relays-unknown", "backscatterer-listed");
    }

    @Test
    void weightedPolicyNeedsTheThreshold() {
        BackscatterJudge weighted = new BackscatterJudge(BackscatterPolicy.parse("weighted:3, relays-unknown=2, backscatterer-listed=1", all.reasons()));

        assertThat(weighted.decide(evidence(null, List.of(THEIR_HOP), false), BOB).backscatter()).isFalse();
        assertThat(weighted.decide(evidence(null, List.of(THEIR_HOP), false), BOB).score()).isEqualTo(2);
        assertThat(weighted.decide(evidence(null, List.of(THEIR_HOP), true), BOB).backscatter()).isTrue();
        assertThat(weighted.decide(evidence(null, List.of(THEIR_HOP), true), BOB).score()).isEqualTo(3);
    }

    @Test
    void aSourceThatThrowsGivesNoEvidenceAndTheOthersStillSpeak() {
        EvidenceSource broken = new EvidenceSource() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Set<String> reasons() {
                return Set.of("broken-reason");
            }

            @Override
            public Signal examine(IncomingBounce bounce) {
                throw new IllegalStateException("boom");
            }
        };
        EvidenceSources sources = new EvidenceSources(List.of(broken, new BatvEvidenceSource()));

        assertThat(sources.examine(bounce(UNTAGGED, null, false, Optional.empty())).reasons()).containsExactly("batv-missing");
        assertThat(sources.reasons()).startsWith("broken-reason").contains("batv-missing", "batv-invalid", "batv-expired");
    }

    @Test
    void policyTextErrorsNameTheProblemAndEveryKnownReason() {
        Set<String> reasons = all.reasons();
        assertThatThrownBy(() -> BackscatterPolicy.parse("most", reasons)).hasMessageContaining("'most'").hasMessageContaining("any");
        assertThatThrownBy(() -> BackscatterPolicy.parse("weighted:x", reasons)).hasMessageContaining("'x'");
        assertThatThrownBy(() -> BackscatterPolicy.parse("weighted:2, nonsense=1", reasons)).hasMessageContaining("'nonsense'")
            .hasMessageContaining("ledger-miss").hasMessageContaining("relays-unknown").hasMessageContaining("backscatterer-listed");
        assertThatThrownBy(() -> BackscatterPolicy.parse("weighted:2, ledger-mis=1", reasons)).hasMessageContaining("did you mean ledger-miss");
        assertThatThrownBy(() -> BackscatterPolicy.parse("weighted:2, relays-unknown", reasons)).hasMessageContaining("reason=weight");
    }
}
