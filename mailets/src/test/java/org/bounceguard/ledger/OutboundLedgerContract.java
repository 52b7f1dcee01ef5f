package org.bounceguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bounceguard.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OutboundLedger} does, whatever stores it. */
public abstract class OutboundLedgerContract {
    protected static final LedgerKey KEY = LedgerKey.fromSecret("a test secret of enough bytes");
    protected static final LedgerPolicy FOURTEEN_DAYS = new LedgerPolicy(14, 1_000_000);
    /** Day 0 at 10:00 UTC, so that adding whole days never crosses into a third day. */
    protected static final Instant DAY_0 = Instant.parse("2026-03-02T10:00:00Z");

    protected SettableClock clock;
    protected OutboundLedger ledger;

    /** A ledger over a fresh, empty store, read through {@code clock}. */
    protected abstract OutboundLedger newLedger(LedgerKey key, LedgerPolicy policy, SettableClock clock);

    @BeforeEach
    void createLedger() {
        clock = new SettableClock(DAY_0);
        ledger = newLedger(KEY, FOURTEEN_DAYS, clock);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void aProofOverThisStoreBindsTheBounceToTheOriginalsRecipientAndBoundsItsReplays() {
        LedgerProof proof = new LedgerProof(ledger);
        proof.recordSent("<msg-9@relay.example>", List.of("alice@ours.example"), List.of("carol@remote.example"));

        assertThat(proof.prove("<msg-9@relay.example>", "alice@ours.example", List.of("dave@remote.example"), LedgerProof.Use.FAILURE))
            .isEqualTo(LedgerProof.Outcome.MISS);
        assertThat(proof.prove("<msg-9@relay.example>", "alice@ours.example", List.of("carol@remote.example"), LedgerProof.Use.FAILURE))
            .isEqualTo(LedgerProof.Outcome.PROVEN);
        assertThat(proof.prove("<msg-9@relay.example>", "alice@ours.example", List.of("carol@remote.example"), LedgerProof.Use.FAILURE))
            .isEqualTo(LedgerProof.Outcome.REPLAY);
        assertThat(proof.prove("<msg-9@relay.example>", "bob@ours.example", List.of("carol@remote.example"), LedgerProof.Use.FAILURE))
            .isEqualTo(LedgerProof.Outcome.MISS);
    }

    @Test
    void aBounceForARelayedMessageToItsSenderIsAHit() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
    }

    @Test
    void everyReturnAddressOfTheMessageIsRecorded() {
        int stored = ledger.record("<msg-1@relay.example>", List.of("bounces@ours.example", "alice@ours.example", "ALICE@ours.example"));

        assertThat(stored).isEqualTo(2);
        assertThat(ledger.answers("msg-1@relay.example", "bounces@ours.example")).isEqualTo(LedgerAnswer.HIT);
        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
    }

    @Test
    void anUnknownMessageIdIsAMiss() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        assertThat(ledger.answers("msg-2@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void aKnownMessageIdBouncedToAnotherAddressIsAMiss() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        assertThat(ledger.answers("msg-1@relay.example", "bob@ours.example")).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void bracketsWhitespaceDomainAndAddressCaseDoNotMatter() {
        ledger.record(" <Part.One@Relay.EXAMPLE>", List.of("<Alice@Ours.Example>"));

        assertThat(ledger.answers("Part.One@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        assertThat(ledger.answers("<Part.One@\r\n relay.example>", "ALICE@OURS.EXAMPLE")).isEqualTo(LedgerAnswer.HIT);
    }

    @Test
    void theLeftPartOfTheMessageIdKeepsItsCase() {
        ledger.record("<Part.One@relay.example>", List.of("alice@ours.example"));

        assertThat(ledger.answers("part.one@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void blankInputsRecordNothingAndMiss() {
        assertThat(ledger.record("  ", List.of("alice@ours.example"))).isZero();
        assertThat(ledger.record("<msg-1@relay.example>", List.of(" ", "<>"))).isZero();

        assertThat(ledger.answers("", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
        assertThat(ledger.answers("msg-1@relay.example", "")).isEqualTo(LedgerAnswer.MISS);
        assertThat(ledger.answers(null, null)).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void anEntryAnswersThroughTheRetentionAndNeverAfter() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        clock.advance(Duration.ofDays(13));
        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        clock.advance(Duration.ofDays(1));
        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).as("day 14, the last day").isEqualTo(LedgerAnswer.HIT);
        clock.advance(Duration.ofDays(1));
        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).as("day 15").isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void entriesOfLaterDaysOutliveTheExpiredOnes() {
        ledger.record("<old@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(10));
        ledger.record("<newer@relay.example>", List.of("alice@ours.example"));

        clock.advance(Duration.ofDays(10));
        ledger.record("<newest@relay.example>", List.of("alice@ours.example"));

        assertThat(ledger.answers("old@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
        assertThat(ledger.answers("newer@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        assertThat(ledger.answers("newest@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
    }

    @Test
    void aMessageRecordedAgainLivesAsLongAsItsLatestRecord() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(10));
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        clock.advance(Duration.ofDays(10));
        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).as("day 20").isEqualTo(LedgerAnswer.HIT);
        clock.advance(Duration.ofDays(5));
        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).as("day 25").isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void anExpiredMessageRecordedAgainAnswersAgain() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(20));
        ledger.record("<other@relay.example>", List.of("alice@ours.example"));
        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);

        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        assertThat(ledger.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
    }

    @Test
    protected void expiryDropsWholeBucketsOlderThanTheRetention() {
        ledger.record("<old@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(10));
        ledger.record("<newer@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(5));

        ledger.expire();

        assertThat(ledger.stats().expiredBuckets()).isEqualTo(1);
        assertThat(bucketsHeld()).isEqualTo(1);
    }

    @Test
    void concurrentRecordsAndLookupsLoseNothing() throws Exception {
        int threads = 8;
        int messagesPerThread = 300;
        ledger.record("<steady@relay.example>", List.of("alice@ours.example"));
        // the writers fill a later day's bucket: stores need not be consistent for a key written
        // while it is read (James's MemoryBlobStoreDAO is not), only for keys written before
        clock.advance(Duration.ofDays(1));
        ledger.record("<first-of-the-day@relay.example>", List.of("alice@ours.example"));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(() -> {
                    boolean steadyAlwaysHit = true;
                    for (int i = 0; i < messagesPerThread; i++) {
                        ledger.record("<m" + thread + "-" + i + "@relay.example>", Set.of("alice@ours.example"));
                        steadyAlwaysHit &= ledger.answers("steady@relay.example", "alice@ours.example") == LedgerAnswer.HIT;
                    }
                    return steadyAlwaysHit;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).as("an entry recorded before stays visible during concurrent writes").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < messagesPerThread; i++) {
                assertThat(ledger.answers("m" + t + "-" + i + "@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
            }
        }
    }

    /** How many day buckets the store holds now. */
    protected abstract int bucketsHeld();
}
