package org.bounceguard.ledger;

import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.concurrent.locks.StampedLock;

/**
 * The outbound ledger of a single node: one {@link LongHashSet} of keys per UTC day, newest first.
 * Expiry drops whole buckets; the maximum entry count is kept by dropping the oldest buckets
 * (see {@link LedgerPolicy}). Lost on restart: a bounce to mail sent before it is a miss, which is
 * only one signal among several.
 *
 * <p>Thread safety: writers take a {@link StampedLock}'s write lock; readers probe under an
 * optimistic stamp and take the read lock only when a write overlapped, so concurrent look-ups
 * never contend on a shared counter.
 */
public final class InMemoryOutboundLedger implements OutboundLedger {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final Bucket[] NO_BUCKETS = new Bucket[0];

    private record Bucket(long day, LongHashSet keys) {
    }

    private final LedgerKey key;
    private final LedgerPolicy policy;
    private final Clock clock;
    private final StampedLock lock = new StampedLock();

    // Everything below is written under the write lock. The array is replaced, never changed in
    // place, so an optimistic reader sees either the old or the new list.
    private Bucket[] newestFirst = NO_BUCKETS;
    private long entries;
    private long evictions;
    private long evictedEntries;
    private long expiredBuckets;

    public InMemoryOutboundLedger(LedgerKey key, LedgerPolicy policy, Clock clock) {
        this.key = key;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public int record(String messageId, Collection<String> returnAddresses) {
        long[] keys = keysOf(messageId, returnAddresses);
        if (keys.length == 0) {
            return 0;
        }
        long today = today();
        long stamp = lock.writeLock();
        try {
            dropExpired(today);
            for (long entry : keys) {
                if (!bucketOf(today).contains(entry)) {
                    makeRoomForOne();
                    bucketOf(today).add(entry);
                    entries++;
                }
            }
            return keys.length;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public LedgerAnswer answers(String messageId, String bounceRecipient) {
        String id = Normalised.messageId(messageId);
        String address = Normalised.address(bounceRecipient);
        if (id.isEmpty() || address.isEmpty()) {
            return LedgerAnswer.MISS;
        }
        long wanted = key.of(id, address);
        long oldestLiveDay = today() - policy.retentionDays();
        long stamp = lock.tryOptimisticRead();
        boolean found = holds(newestFirst, wanted, oldestLiveDay);
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                found = holds(newestFirst, wanted, oldestLiveDay);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return found ? LedgerAnswer.HIT : LedgerAnswer.MISS;
    }

    @Override
    public void expire() {
        long today = today();
        long stamp = lock.writeLock();
        try {
            dropExpired(today);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public LedgerStats stats() {
        long stamp = lock.readLock();
        try {
            return new LedgerStats(OptionalLong.of(entries), newestFirst.length, evictions, evictedEntries, expiredBuckets, 0);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Every stored key, for tests that check what the ledger holds. */
    long[] storedKeys() {
        long stamp = lock.readLock();
        try {
            long[] all = new long[(int) entries];
            int[] next = {0};
            for (Bucket bucket : newestFirst) {
                bucket.keys().forEach(k -> all[next[0]++] = k);
            }
            return all;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private long[] keysOf(String messageId, Collection<String> returnAddresses) {
        String id = Normalised.messageId(messageId);
        if (id.isEmpty() || returnAddresses == null) {
            return new long[0];
        }
        return returnAddresses.stream()
            .map(Normalised::address)
            .filter(address -> !address.isEmpty())
            .distinct()
            .mapToLong(address -> key.of(id, address))
            .toArray();
    }

    private static boolean holds(Bucket[] buckets, long wanted, long oldestLiveDay) {
        int live = 0;
        while (live < buckets.length && buckets[live].day() >= oldestLiveDay) {
            live++;
        }
        if (wanted != 0) {
            // A miss costs one cache miss per live bucket (15 with the default retention). Loading
            // every first slot without branching on what was loaded lets the CPU wait for all of
            // them at once instead of one after the other; most probes end at their first slot.
            boolean foundFirst = false;
            boolean settledFirst = true;
            for (int i = 0; i < live; i++) {
                long slot = buckets[i].keys().firstSlot(wanted);
                foundFirst |= slot == wanted;
                settledFirst &= slot == 0 | slot == wanted;
            }
            if (foundFirst || settledFirst) {
                return foundFirst;
            }
        }
        for (int i = 0; i < live; i++) {
            if (buckets[i].keys().contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    private long today() {
        return Math.floorDiv(clock.millis(), MILLIS_PER_DAY);
    }

    private LongHashSet bucketOf(long day) {
        for (Bucket bucket : newestFirst) {
            if (bucket.day() == day) {
                return bucket.keys();
            }
        }
        // a new day (or the clock went back to a day already dropped): a new bucket, in day order
        Bucket[] grown = Arrays.copyOf(newestFirst, newestFirst.length + 1);
        grown[newestFirst.length] = new Bucket(day, new LongHashSet());
        Arrays.sort(grown, Comparator.comparingLong(Bucket::day).reversed());
        newestFirst = grown;
        return bucketOf(day);
    }

    private void makeRoomForOne() {
        while (entries + 1 > policy.maxEntries() && newestFirst.length > 0) {
            Bucket oldest = newestFirst[newestFirst.length - 1];
            newestFirst = Arrays.copyOf(newestFirst, newestFirst.length - 1);
            entries -= oldest.keys().size();
            evictions++;
            evictedEntries += oldest.keys().size();
        }
    }

    private void dropExpired(long today) {
        long oldestLiveDay = today - policy.retentionDays();
        int live = newestFirst.length;
        while (live > 0 && newestFirst[live - 1].day() < oldestLiveDay) {
            live--;
            entries -= newestFirst[live].keys().size();
            expiredBuckets++;
        }
        if (live < newestFirst.length) {
            newestFirst = Arrays.copyOf(newestFirst, live);
        }
    }

    @Override
    public String toString() {
        return "InMemoryOutboundLedger[" + policy + "]";
    }
}
