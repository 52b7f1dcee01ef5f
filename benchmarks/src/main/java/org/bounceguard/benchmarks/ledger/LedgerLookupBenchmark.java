package org.bounceguard.benchmarks.ledger;

import java.util.concurrent.TimeUnit;

import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerAnswer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Look-ups on one thread in a 10,000,000-entry ledger, the whole public path: normalising both
 * strings, the HMAC-SHA256 key, and the probe of every live day bucket. Half the queries were
 * recorded (hits, spread over all days), half never were (misses, which probe every bucket).
 * Queries are precomputed strings, cycled in a fixed pseudo-random order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LedgerLookupBenchmark {
    private static final int QUERIES = 1 << 16;

    @Param("10000000")
    public int entries;

    /** 15: the steady state of a 14-day retention (today and 14 days back); 1: all in one bucket. */
    @Param({"15", "1"})
    public int days;

    private InMemoryOutboundLedger ledger;
    private String[] messageIds;
    private String[] recipients;
    private int next;

    @Setup(Level.Trial)
    public void fill() {
        ledger = LedgerFill.filled(entries, days, LedgerFill.clock());
        messageIds = new String[QUERIES];
        recipients = new String[QUERIES];
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int q = 0; q < QUERIES; q++) {
            int recorded = random.nextInt(entries);
            boolean hit = q % 2 == 0;
            // a miss: a Message-ID we never relayed, to a real sender of ours
            messageIds[q] = hit ? LedgerFill.messageId(recorded) : "<never-" + q + "." + recorded + "@relay.bounceguard.example>";
            recipients[q] = LedgerFill.sender(recorded);
        }
        int hits = 0;
        for (int q = 0; q < QUERIES; q++) {
            hits += ledger.answers(messageIds[q], recipients[q]) == LedgerAnswer.HIT ? 1 : 0;
        }
        if (hits != QUERIES / 2) {
            throw new IllegalStateException("expected " + QUERIES / 2 + " hits, got " + hits);
        }
    }

    @Benchmark
    public LedgerAnswer answers() {
        int q = next;
        next = (q + 1) & (QUERIES - 1);
        return ledger.answers(messageIds[q], recipients[q]);
    }
}
