package org.bounceguard.ledger;

import java.util.OptionalLong;

/**
 * A snapshot of a ledger's counters.
 *
 * @param entries        entries held, when the store can count them cheaply (the in-memory ledger
 *                       can; the blob-store ledger, shared by every node, cannot)
 * @param buckets        day buckets held (in memory), or found alive by the last expiry (blob store)
 * @param evictions      buckets dropped before their time because the ledger reached its maximum
 *                       number of entries; anything above zero means {@link LedgerPolicy#maxEntries()} is too small
 * @param evictedEntries entries in those evicted buckets
 * @param expiredBuckets buckets dropped because they were older than the retention
 * @param storeFailures  records, look-ups and expiries the storage failed or did not finish in time
 */
public record LedgerStats(OptionalLong entries, int buckets, long evictions, long evictedEntries,
                          long expiredBuckets, long storeFailures) {
}
