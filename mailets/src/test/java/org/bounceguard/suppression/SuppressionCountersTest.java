package org.bounceguard.suppression;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bounceguard.suppression.SuppressionReason.*;

class SuppressionCountersTest {

    private final SuppressionCounters counters = new SuppressionCounters();

    @Test
    void startsAtZeroForEveryReason() {
        SuppressionCounters.Snapshot snapshot = counters.snapshot();
        assertThat(snapshot.sent()).isZero();
        assertThat(snapshot.suppressedTotal()).isZero();
        assertThat(snapshot.rateLimited()).isZero();
        assertThat(snapshot.suppressedByReason()).containsOnlyKeys(SuppressionReason.values());
        assertThat(snapshot.suppressedByReason().values()).containsOnly(0L);
    }

    @Test
    void aSuppressionWithSeveralReasonsCountsOnceInTotalAndOncePerReason() {
        counters.recordSuppressed(NdrDecision.suppress(SPF_FAIL, DNSBL_LISTED, BACKSCATTER));
        counters.recordSuppressed(NdrDecision.suppress(SPF_FAIL));
        counters.recordSent();

        SuppressionCounters.Snapshot snapshot = counters.snapshot();
        assertThat(snapshot.sent()).isEqualTo(1);
        assertThat(snapshot.suppressedTotal()).isEqualTo(2);
        assertThat(snapshot.suppressed(SPF_FAIL)).isEqualTo(2);
        assertThat(snapshot.suppressed(DNSBL_LISTED)).isEqualTo(1);
        assertThat(snapshot.suppressed(BACKSCATTER)).isEqualTo(1);
        assertThat(snapshot.suppressed(PRECEDENCE)).isZero();
    }

    @Test
    void rateLimitedIsASuppressionWithItsOwnReason() {
        counters.recordRateLimited();
        counters.recordRateLimited();
        SuppressionCounters.Snapshot snapshot = counters.snapshot();
        assertThat(snapshot.rateLimited()).isEqualTo(2);
        assertThat(snapshot.suppressed(RATE_LIMITED)).isEqualTo(2);
        assertThat(snapshot.suppressedTotal()).isEqualTo(2);
        assertThat(snapshot.sent()).isZero();
    }

    @Test
    void anAllowingDecisionIsNotASuppression() {
        assertThatThrownBy(() -> counters.recordSuppressed(NdrDecision.allow()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(counters.snapshot().suppressedTotal()).isZero();
    }

    @Test
    void snapshotsAreImmutableAndDoNotMoveAfterwards() {
        SuppressionCounters.Snapshot before = counters.snapshot();
        counters.recordSuppressed(NdrDecision.suppress(SPAM_FLAGGED));
        assertThat(before.suppressed(SPAM_FLAGGED)).isZero();
        assertThatThrownBy(() -> before.suppressedByReason().put(SPAM_FLAGGED, 5L))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(counters.snapshot()).isNotEqualTo(before);
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        counters.recordSent();
                        counters.recordSuppressed(NdrDecision.suppress(NULL_SENDER, AUTO_SUBMITTED));
                        counters.recordRateLimited();
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long n = (long) threads * perThread;
        SuppressionCounters.Snapshot snapshot = counters.snapshot();
        assertThat(snapshot.sent()).isEqualTo(n);
        assertThat(snapshot.suppressedTotal()).isEqualTo(2 * n);
        assertThat(snapshot.suppressed(NULL_SENDER)).isEqualTo(n);
        assertThat(snapshot.suppressed(AUTO_SUBMITTED)).isEqualTo(n);
        assertThat(snapshot.rateLimited()).isEqualTo(n);
    }
}
