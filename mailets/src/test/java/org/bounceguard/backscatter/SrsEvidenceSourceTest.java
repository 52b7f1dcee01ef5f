package org.bounceguard.backscatter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bounceguard.srs.SrsCodec;
import org.bounceguard.srs.SrsKeys;
import org.bounceguard.srs.SrsSource;
import org.junit.jupiter.api.Test;

class SrsEvidenceSourceTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private final SrsCodec codec = new SrsCodec(SrsKeys.parse("a unit test srs secret"), "bounceguard.test", 21);
    private final SrsEvidenceSource evidence = new SrsEvidenceSource(address -> codec.reverse(address, TODAY));

    private static IncomingBounce bounce(String... recipients) {
        return new IncomingBounce(List.of(recipients), Map.of(), List.of(), Optional::empty);
    }

    @Test
    void aVerifiedSrsRecipientIsProvenWhateverBatvSays() {
        String genuine = codec.forward("bob@origin.example", SrsSource.LISTED, TODAY);
        EvidenceSources sources = new EvidenceSources(List.of(new BatvEvidenceStub(), evidence));

        BackscatterEvidence found = sources.examine(bounce(genuine));

        assertThat(found.proves(genuine)).isTrue();
        assertThat(BackscatterJudge.ANY.decide(found, List.of(genuine)).backscatter()).isFalse();
    }

    @Test
    void aForgedOrStaleSrsRecipientGivesItsReason() {
        String forged = "SRS0=ABCDEFGH=AA=victim.example=bob@bounceguard.test";
        String stale = codec.forward("bob@origin.example", SrsSource.CLEAN, TODAY.minusDays(30));

        assertThat(evidence.examine(bounce(forged)).reason()).contains("srs-bad-hash");
        assertThat(evidence.examine(bounce(stale)).reason()).contains("srs-expired");
        assertThat(BackscatterJudge.ANY.decide(new EvidenceSources(List.of(evidence)).examine(bounce(forged)), List.of(forged)))
            .satisfies(verdict -> {
                assertThat(verdict.backscatter()).isTrue();
                assertThat(verdict.reasons()).containsExactly("srs-bad-hash");
            });
    }

    @Test
    void otherRecipientsGiveNoEvidence() {
        assertThat(evidence.examine(bounce("alice@bounceguard.test", "bob@elsewhere.example"))).isEqualTo(Signal.NONE);
    }

    /** A source that holds every recipient against the bounce, as BATV does for an untagged one. */
    private static final class BatvEvidenceStub implements EvidenceSource {
        @Override
        public String name() {
            return "batv";
        }

        @Override
        public java.util.Set<String> reasons() {
            return java.util.Set.of("batv-missing");
        }

        @Override
        public Signal examine(IncomingBounce bounce) {
            return Signal.reason("batv-missing");
        }
    }
}
