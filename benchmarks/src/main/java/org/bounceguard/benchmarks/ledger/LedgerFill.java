package org.bounceguard.benchmarks.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bounceguard.testsupport.SettableClock;
import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;

/**
 * A ledger as a busy node holds it: {@code entries} (Message-ID, sender) pairs spread evenly over
 * {@code days} UTC days, one pair per message, the clock left on the last day. Message {@code i}
 * has a realistic Message-ID and one of 10,000 senders.
 */
final class LedgerFill {
    static final LedgerKey KEY = LedgerKey.fromSecret("benchmark secret, not a real one");
    private static final Instant DAY_0 = Instant.parse("2026-03-02T10:00:00Z");

    private LedgerFill() {
    }

    /** The filled ledger and the longest single record while filling it. */
    record Timed(InMemoryOutboundLedger ledger, long longestRecordNanos) {
    }

    static InMemoryOutboundLedger filled(int entries, int days, SettableClock clock) {
        return filledTimed(entries, days, clock).ledger();
    }

    static Timed filledTimed(int entries, int days, SettableClock clock) {
        InMemoryOutboundLedger ledger = new InMemoryOutboundLedger(KEY, new LedgerPolicy(14, entries), clock);
        int perDay = (entries + days - 1) / days;
        long longest = 0;
        for (int i = 0; i < entries; i++) {
            if (i > 0 && i % perDay == 0) {
                clock.advance(Duration.ofDays(1));
            }
            long start = System.nanoTime();
            ledger.record(messageId(i), List.of(sender(i)));
            longest = Math.max(longest, System.nanoTime() - start);
        }
        return new Timed(ledger, longest);
    }

    static SettableClock clock() {
        return new SettableClock(DAY_0);
    }

    static String messageId(int i) {
        return "<" + Integer.toHexString(i * 0x9E3779B1) + "." + i + "@relay.bounceguard.example>";
    }

    static String sender(int i) {
        return "user" + (i % 10_000) + "@ours.example";
    }
}
