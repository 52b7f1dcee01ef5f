package org.bounceguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Binding a bounce to the mail it answers, and bounding how many bounces one mail proves. */
class LedgerProofTest {
    private final InMemoryOutboundLedger store = new InMemoryOutboundLedger(LedgerKey.fromSecret("a unit test ledger secret"),
        LedgerPolicy.DEFAULT, Clock.systemUTC());
    private final LedgerProof proof = new LedgerProof(store);

    @Test
    void aBounceProvesItselfOnlyNamingARecipientOfTheOriginalAndComingBackToItsSender() {
        proof.recordSent("<m1@example.org>", List.of("alice@example.org"), List.of("carol@remote.example", "erin@remote.example"));

        assertThat(proof.prove("<m1@example.org>", "bob@example.org", List.of("carol@remote.example"), LedgerProof.Use.FAILURE))
            .isEqualTo(LedgerProof.Outcome.MISS);
        assertThat(proof.prove("<m1@example.org>", "alice@example.org", List.of("someone@remote.example"), LedgerProof.Use.FAILURE))
            .isEqualTo(LedgerProof.Outcome.MISS);
        assertThat(proof.prove("<M1@EXAMPLE.org>", "Alice@Example.org", List.of("x@remote.example", "Carol@Remote.example"),
            LedgerProof.Use.FAILURE)).isEqualTo(LedgerProof.Outcome.MISS).as("the Message-ID's left part keeps its case");
        assertThat(proof.prove("<m1@EXAMPLE.org>", "Alice@Example.org", List.of("x@remote.example", "Carol@Remote.example"),
            LedgerProof.Use.FAILURE)).isEqualTo(LedgerProof.Outcome.PROVEN);
    }

    @Test
    void eachRecipientOfTheOriginalProvesOneFailureAndAFewDelayNotices() {
        proof.recordSent("<m2@example.org>", List.of("alice@example.org"), List.of("carol@remote.example", "erin@remote.example"));

        for (int i = 0; i < LedgerProof.DELAY_NOTICES; i++) {
            assertThat(prove("carol@remote.example", LedgerProof.Use.DELAY)).isEqualTo(LedgerProof.Outcome.PROVEN);
        }
        assertThat(prove("carol@remote.example", LedgerProof.Use.DELAY)).isEqualTo(LedgerProof.Outcome.REPLAY);
        assertThat(prove("carol@remote.example", LedgerProof.Use.FAILURE)).isEqualTo(LedgerProof.Outcome.PROVEN);
        assertThat(prove("carol@remote.example", LedgerProof.Use.FAILURE)).isEqualTo(LedgerProof.Outcome.REPLAY);
        assertThat(prove("erin@remote.example", LedgerProof.Use.FAILURE)).as("another recipient's own failure")
            .isEqualTo(LedgerProof.Outcome.PROVEN);
    }

    @Test
    void aBounceReportingTwoRecipientsIsProvenOnceAndUsesOneSlot() {
        proof.recordSent("<m3@example.org>", List.of("alice@example.org"), List.of("carol@remote.example", "erin@remote.example"));

        assertThat(proof.prove("<m3@example.org>", "alice@example.org", List.of("carol@remote.example", "erin@remote.example"),
            LedgerProof.Use.FAILURE)).isEqualTo(LedgerProof.Outcome.PROVEN);
        assertThat(proof.prove("<m3@example.org>", "alice@example.org", List.of("erin@remote.example"), LedgerProof.Use.FAILURE))
            .isEqualTo(LedgerProof.Outcome.PROVEN);
        assertThat(proof.prove("<m3@example.org>", "alice@example.org", List.of("carol@remote.example", "erin@remote.example"),
            LedgerProof.Use.FAILURE)).isEqualTo(LedgerProof.Outcome.REPLAY);
    }

    @Test
    void onlyKeyedHashesAreStored() {
        int stored = proof.recordSent("<m4@example.org>", List.of("alice@example.org", "alice.work@example.org"),
            List.of("carol@remote.example", "erin@remote.example", "carol@remote.example"));

        assertThat(stored).isEqualTo(4);
        assertThat(store.storedKeys()).hasSize(4);
    }

    private LedgerProof.Outcome prove(String reported, LedgerProof.Use use) {
        return proof.prove("<m2@example.org>", "alice@example.org", List.of(reported), use);
    }
}
