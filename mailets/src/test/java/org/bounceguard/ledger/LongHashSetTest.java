package org.bounceguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LongHashSetTest {
    @Test
    void holdsWhatWasAddedThroughManyResizes() {
        LongHashSet set = new LongHashSet();
        Random random = new Random(42);
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            long key = random.nextLong();
            assertThat(set.add(key)).isEqualTo(expected.add(key));
        }

        assertThat(set.size()).isEqualTo(expected.size());
        expected.forEach(key -> assertThat(set.contains(key)).isTrue());
        assertThat(set.contains(random.nextLong())).isFalse();
    }

    @Test
    void keysCollidingInTheLowBitsAreKeptApart() {
        LongHashSet set = new LongHashSet();
        set.add(1L << 40 | 5);
        set.add(2L << 40 | 5);

        assertThat(set.contains(1L << 40 | 5)).isTrue();
        assertThat(set.contains(2L << 40 | 5)).isTrue();
        assertThat(set.contains(3L << 40 | 5)).isFalse();
    }

    @Test
    void zeroIsAKeyLikeAnyOther() {
        LongHashSet set = new LongHashSet();
        assertThat(set.contains(0)).isFalse();

        assertThat(set.add(0)).isTrue();
        assertThat(set.add(0)).isFalse();

        assertThat(set.contains(0)).isTrue();
        assertThat(set.size()).isEqualTo(1);
    }
}
