package org.bounceguard.ledger;

import java.util.function.LongConsumer;

/**
 * A set of longs in one {@code long[]}: open addressing, linear probing, no boxing. Keys are HMAC
 * output, already uniform, so their low bits index the table directly. Zero marks an empty slot,
 * so the key zero is held in a flag.
 *
 * <p>Not thread-safe for writers. {@link #contains} tolerates a concurrent writer without failing
 * (it reads the table once and probes at most its length), which lets the ledger validate an
 * optimistic read afterwards instead of locking.
 */
final class LongHashSet {
    private static final int MIN_CAPACITY = 1 << 10;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] table = new long[MIN_CAPACITY];
    private int size;
    private boolean containsZero;

    boolean add(long key) {
        if (key == 0) {
            boolean added = !containsZero;
            containsZero = true;
            size += added ? 1 : 0;
            return added;
        }
        // grow at 70 % load: linear probing stays short for misses, which check every bucket
        if ((size + 1) * 10L > table.length * 7L && table.length < MAX_CAPACITY) {
            table = rehashed(table, table.length * 2);
        }
        if (!insert(table, key)) {
            return false;
        }
        size++;
        return true;
    }

    boolean contains(long key) {
        if (key == 0) {
            return containsZero;
        }
        long[] slots = table;
        int mask = slots.length - 1;
        int index = (int) key & mask;
        for (int probes = 0; probes < slots.length; probes++) {
            long slot = slots[index];
            if (slot == key) {
                return true;
            }
            if (slot == 0) {
                return false;
            }
            index = (index + 1) & mask;
        }
        return false;
    }

    /**
     * The slot where a probe for {@code key} starts: the key itself, zero (absent) or another key
     * (probe on). Lets a caller issue the first load of many sets before looking at any of them.
     */
    long firstSlot(long key) {
        long[] slots = table;
        return slots[(int) key & (slots.length - 1)];
    }

    int size() {
        return size;
    }

    void forEach(LongConsumer action) {
        if (containsZero) {
            action.accept(0);
        }
        for (long slot : table) {
            if (slot != 0) {
                action.accept(slot);
            }
        }
    }

    private static boolean insert(long[] slots, long key) {
        int mask = slots.length - 1;
        int index = (int) key & mask;
        while (slots[index] != 0) {
            if (slots[index] == key) {
                return false;
            }
            index = (index + 1) & mask;
        }
        slots[index] = key;
        return true;
    }

    private static long[] rehashed(long[] old, int capacity) {
        long[] grown = new long[capacity];
        for (long key : old) {
            if (key != 0) {
                insert(grown, key);
            }
        }
        return grown;
    }
}
