package org.bounceguard.benchmarks.ledger;

import java.lang.management.ManagementFactory;

import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerStats;

/**
 * Heap held by an {@link InMemoryOutboundLedger} of N entries over D days: used heap after a full
 * GC with the ledger filled, minus the same before it existed. Prints
 * {@code entries bytes bytesPerEntry buckets longestRecordMillis}; the longest record is the
 * last rehash of the table, during which look-ups wait.
 *   java -Xmx2g -cp ... org.bounceguard.benchmarks.ledger.LedgerMemory [entries=10000000] [days=15]
 */
public final class LedgerMemory {
    private LedgerMemory() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        // warm the HMAC provider and the classes before the baseline, so they are not counted
        LedgerFill.filled(1000, 1, LedgerFill.clock());
        long before = usedAfterGc();
        LedgerFill.Timed timed = LedgerFill.filledTimed(entries, days, LedgerFill.clock());
        InMemoryOutboundLedger ledger = timed.ledger();
        long after = usedAfterGc();
        LedgerStats stats = ledger.stats();
        long held = stats.entries().orElseThrow();
        long bytes = after - before;
        System.out.printf("%d %d %.1f %d %.0f%n", held, bytes, (double) bytes / held, stats.buckets(), timed.longestRecordNanos() / 1e6);
        // keep the ledger reachable until measured
        if (ledger.stats().buckets() < 0) {
            System.out.println(ledger);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
