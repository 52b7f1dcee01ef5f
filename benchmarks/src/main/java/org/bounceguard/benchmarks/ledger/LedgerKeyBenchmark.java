package org.bounceguard.benchmarks.ledger;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The keyed hash alone (HMAC-SHA256 of a normalised pair), to see what share of a look-up it takes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class LedgerKeyBenchmark {
    private static final int QUERIES = 1 << 12;

    private String[] messageIds;
    private String[] senders;
    private int next;

    @Setup(Level.Trial)
    public void prepare() {
        messageIds = new String[QUERIES];
        senders = new String[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            String raw = LedgerFill.messageId(q);
            messageIds[q] = raw.substring(1, raw.length() - 1);
            senders[q] = LedgerFill.sender(q);
        }
    }

    @Benchmark
    public long keyOfOnePair() {
        int q = next;
        next = (q + 1) & (QUERIES - 1);
        return LedgerFill.KEY.of(messageIds[q], senders[q]);
    }
}
