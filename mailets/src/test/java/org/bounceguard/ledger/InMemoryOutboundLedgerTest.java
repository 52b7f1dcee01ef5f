package org.bounceguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bounceguard.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

class InMemoryOutboundLedgerTest extends OutboundLedgerContract {
    private InMemoryOutboundLedger inMemory;

    @Override
    protected OutboundLedger newLedger(LedgerKey key, LedgerPolicy policy, SettableClock clock) {
        inMemory = new InMemoryOutboundLedger(key, policy, clock);
        return inMemory;
    }

    @Override
    protected int bucketsHeld() {
        return inMemory.stats().buckets();
    }

    @Test
    void theLedgerHoldsOnlyKeyedHashesWhichDependOnTheSecret() {
        inMemory.record("<msg-1@relay.example>", List.of("alice@ours.example"));
        InMemoryOutboundLedger otherSecret = new InMemoryOutboundLedger(LedgerKey.fromSecret("another secret, just as long"), FOURTEEN_DAYS, clock);
        otherSecret.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        assertThat(inMemory.storedKeys()).containsExactly(KEY.of("msg-1@relay.example", "alice@ours.example"));
        assertThat(otherSecret.storedKeys()).hasSize(1).doesNotContain(inMemory.storedKeys()[0]);
    }

    @Test
    void statsCountEntriesAndBuckets() {
        inMemory.record("<msg-1@relay.example>", List.of("alice@ours.example", "bounces@ours.example"));
        clock.advance(Duration.ofDays(1));
        inMemory.record("<msg-2@relay.example>", List.of("alice@ours.example"));
        inMemory.record("<msg-2@relay.example>", List.of("alice@ours.example"));

        LedgerStats stats = inMemory.stats();
        assertThat(stats.entries()).hasValue(3);
        assertThat(stats.buckets()).isEqualTo(2);
        assertThat(stats.evictions()).isZero();
    }

    @Test
    void whenFullTheOldestBucketIsEvictedAndCounted() {
        InMemoryOutboundLedger small = new InMemoryOutboundLedger(KEY, new LedgerPolicy(14, 4), clock);
        small.record("<day0-a@relay.example>", List.of("alice@ours.example"));
        small.record("<day0-b@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(1));
        small.record("<day1-a@relay.example>", List.of("alice@ours.example"));
        small.record("<day1-b@relay.example>", List.of("alice@ours.example"));

        small.record("<day1-c@relay.example>", List.of("alice@ours.example"));

        assertThat(small.answers("day0-a@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
        assertThat(small.answers("day0-b@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
        assertThat(small.answers("day1-a@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        assertThat(small.answers("day1-c@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        LedgerStats stats = small.stats();
        assertThat(stats.entries()).hasValue(3);
        assertThat(stats.evictions()).isEqualTo(1);
        assertThat(stats.evictedEntries()).isEqualTo(2);
    }

    @Test
    void aSingleDayOverTheMaximumStartsAFreshBucketAndNeverHoldsMoreThanTheMaximum() {
        InMemoryOutboundLedger small = new InMemoryOutboundLedger(KEY, new LedgerPolicy(14, 3), clock);
        for (int i = 0; i < 10; i++) {
            small.record("<m" + i + "@relay.example>", List.of("alice@ours.example"));
            assertThat(small.stats().entries().getAsLong()).isLessThanOrEqualTo(3);
        }

        assertThat(small.answers("m9@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        assertThat(small.answers("m0@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
        assertThat(small.stats().evictions()).isPositive();
    }

    @Test
    void entriesOfDroppedBucketsStayDeadThroughTableGrowth() {
        for (int i = 0; i < 5_000; i++) {
            inMemory.record("<old-" + i + "@relay.example>", List.of("alice@ours.example"));
        }
        clock.advance(Duration.ofDays(15));
        // enough new entries to rehash the table several times over the dead slots
        for (int i = 0; i < 20_000; i++) {
            inMemory.record("<new-" + i + "@relay.example>", List.of("alice@ours.example"));
        }

        for (int i = 0; i < 5_000; i += 7) {
            assertThat(inMemory.answers("old-" + i + "@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
        }
        for (int i = 0; i < 20_000; i += 7) {
            assertThat(inMemory.answers("new-" + i + "@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        }
        assertThat(inMemory.stats().entries()).hasValue(20_000);
        assertThat(inMemory.storedKeys()).hasSize(20_000);
    }

    @Test
    void recordingAgainMovesAnEntryWithoutCountingItTwice() {
        inMemory.record("<msg-1@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(3));
        inMemory.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        assertThat(inMemory.stats().entries()).hasValue(1);
        assertThat(inMemory.stats().buckets()).isEqualTo(2);
    }

    @Test
    void recordingOnANewDayDropsExpiredBuckets() {
        inMemory.record("<old@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(15));

        inMemory.record("<new@relay.example>", List.of("alice@ours.example"));

        assertThat(inMemory.stats().buckets()).isEqualTo(1);
        assertThat(inMemory.stats().entries()).hasValue(1);
        assertThat(inMemory.stats().expiredBuckets()).isEqualTo(1);
    }

    @Test
    void lookupsDuringWritesToTheSameBucketAlwaysFindEarlierEntries() throws Exception {
        int known = 2_000;
        for (int i = 0; i < known; i++) {
            inMemory.record("<known-" + i + "@relay.example>", List.of("alice@ours.example"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                // enough new keys to grow the bucket's table several times under the readers
                work.add(pool.submit(() -> {
                    started.countDown();
                    for (int i = 0; i < 100_000; i++) {
                        inMemory.record("<new-" + writer + "-" + i + "@relay.example>", List.of("alice@ours.example"));
                    }
                    writing.set(false);
                }));
            }
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    started.await();
                    long misses = 0;
                    for (int round = 0; writing.get() || round < 1; round++) {
                        for (int i = 0; i < known; i++) {
                            misses += inMemory.answers("known-" + i + "@relay.example", "alice@ours.example") == LedgerAnswer.HIT ? 0 : 1;
                        }
                    }
                    return misses;
                }));
            }
            for (Future<?> writer : work) {
                writer.get();
            }
            for (Future<Long> reader : readers) {
                assertThat(reader.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(inMemory.stats().entries()).hasValue(known + 200_000);
    }
}
