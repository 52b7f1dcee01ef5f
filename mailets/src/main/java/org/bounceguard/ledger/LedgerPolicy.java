package org.bounceguard.ledger;

import org.bounceguard.net.Values;

/**
 * How long the outbound ledger remembers and how big it may grow, validated once.
 *
 * <p><b>Retention</b>: entries live in buckets per UTC day; a bucket answers on its own day and the
 * {@code retentionDays} days after it, so an entry answers for at least {@code retentionDays × 24 h}
 * and at most one day longer. With the default 14: recorded on day 0, answers through day 14,
 * never from day 15.
 *
 * <p><b>Maximum entries</b> (in-memory ledger only; the blob store is bounded by retention): when a
 * record would exceed it, whole buckets are dropped oldest first, and counted as evictions. Bounces
 * follow the mail they answer within hours, so the newest entries are the ones worth keeping.
 * Size it as messages relayed per day × return addresses per message (usually 1-2) × (retention + 1);
 * an entry takes 20-40 bytes of heap (see {@code benchmarks/results/outbound-ledger.md}), so the
 * default 2,000,000 entries hold at most about 80 MB.
 */
public record LedgerPolicy(int retentionDays, long maxEntries) {
    public static final int DEFAULT_RETENTION_DAYS = 14;
    public static final long DEFAULT_MAX_ENTRIES = 2_000_000;
    public static final int MAX_RETENTION_DAYS = 366;
    /** Far above any single node's need, and below what one day's hash table can index. */
    public static final long MAX_MAX_ENTRIES = 200_000_000;

    public static final LedgerPolicy DEFAULT = new LedgerPolicy(DEFAULT_RETENTION_DAYS, DEFAULT_MAX_ENTRIES);

    public LedgerPolicy {
        if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException("ledger retention must be 1 to " + MAX_RETENTION_DAYS + " days, not " + retentionDays);
        }
        if (maxEntries < 1 || maxEntries > MAX_MAX_ENTRIES) {
            throw new IllegalArgumentException("ledger maximum entries must be 1 to " + MAX_MAX_ENTRIES + ", not " + maxEntries);
        }
    }

    /**
     * Parses configuration text; a missing or blank value takes its default. Whole numbers only;
     * underscores may group digits ({@code 10_000_000}).
     *
     * @throws IllegalArgumentException naming the value and what is expected
     */
    public static LedgerPolicy parse(String retentionDays, String maxEntries) {
        long days = wholeNumber(retentionDays, DEFAULT_RETENTION_DAYS, "ledger retention (days)");
        long entries = wholeNumber(maxEntries, DEFAULT_MAX_ENTRIES, "ledger maximum entries");
        if (days > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ledger retention must be 1 to " + MAX_RETENTION_DAYS + " days, not " + days);
        }
        return new LedgerPolicy((int) days, entries);
    }

    private static long wholeNumber(String text, long defaultValue, String what) {
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return Values.wholeNumber(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage() + " (default " + defaultValue + ")", e);
        }
    }
}
