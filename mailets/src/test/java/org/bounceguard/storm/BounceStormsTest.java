package org.bounceguard.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.bounceguard.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

class BounceStormsTest {
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    private static final StormPolicy POLICY = new StormPolicy(5, Duration.ofMinutes(10), Duration.ofMinutes(30));

    private final SettableClock clock = new SettableClock(START);
    private final BounceStorms storms = new BounceStorms(POLICY, new MemoryStormStore(POLICY, clock));

    private List<StormCount> count(String recipient, int bounces) {
        List<StormCount> counted = new ArrayList<>();
        IntStream.range(0, bounces).forEach(i -> counted.add(storms.countUnproven(recipient)));
        return counted;
    }

    @Test
    void theBounceReachingTheThresholdEntersStormModeAndLaterOnesFindItThere() {
        assertThat(count("alice@example.org", 7)).containsExactly(StormCount.COUNTED, StormCount.COUNTED, StormCount.COUNTED,
            StormCount.COUNTED, StormCount.ENTERED, StormCount.IN_STORM, StormCount.IN_STORM);

        assertThat(storms.inStorm("Alice@Example.ORG")).isTrue();
        assertThat(storms.stormUntil("alice@example.org")).contains(START.plus(POLICY.duration()));
        assertThat(storms.inStorm("bob@example.org")).isFalse();
        assertThat(storms.counters().entered()).isEqualTo(1);
        assertThat(storms.counters().unprovenCounted()).isEqualTo(5);
    }

    @Test
    void bouncesSpreadWiderThanTheWindowNeverAddUpToAStorm() {
        for (int i = 0; i < 20; i++) {
            assertThat(storms.countUnproven("alice@example.org")).isEqualTo(StormCount.COUNTED);
            clock.advance(Duration.ofMinutes(3));
        }
        assertThat(storms.inStorm("alice@example.org")).isFalse();
    }

    @Test
    void onlyBouncesWithinOneWindowCount() {
        count("alice@example.org", 4);
        clock.advance(POLICY.window());
        assertThat(count("alice@example.org", 4)).containsOnly(StormCount.COUNTED);
        assertThat(storms.countUnproven("alice@example.org")).isEqualTo(StormCount.ENTERED);
    }

    @Test
    void recipientsAreCountedApart() {
        count("alice@example.org", 4);
        count("bob@example.org", 4);
        assertThat(storms.inStorm("alice@example.org")).isFalse();
        assertThat(storms.inStorm("bob@example.org")).isFalse();
    }

    @Test
    void stormModeEndsByItselfAndTheSweepReportsItOnce() {
        count("alice@example.org", 5);
        clock.advance(POLICY.duration().minusSeconds(1));
        storms.sweep();
        assertThat(storms.inStorm("alice@example.org")).isTrue();
        assertThat(storms.counters().left()).isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(storms.inStorm("alice@example.org")).isFalse();
        assertThat(storms.recipientsInStorm()).isEmpty();
        storms.sweep();
        storms.sweep();
        assertThat(storms.counters().left()).isEqualTo(1);
        assertThat(storms.countUnproven("alice@example.org")).as("counting starts afresh").isEqualTo(StormCount.COUNTED);
    }

    @Test
    void anOperatorEndsAStormEarly() {
        count("alice@example.org", 5);
        assertThat(storms.recipientsInStorm()).containsOnlyKeys("alice@example.org");

        assertThat(storms.end("ALICE@example.org")).isTrue();
        assertThat(storms.end("alice@example.org")).isFalse();
        assertThat(storms.inStorm("alice@example.org")).isFalse();
        storms.sweep();
        assertThat(storms.counters().left()).isEqualTo(1);
        assertThat(storms.counters().endedByOperator()).isEqualTo(1);
    }

    @Test
    void pastItsBoundTheStoreCountsNoNewRecipientUntilQuietOnesAreForgotten() {
        MemoryStormStore store = new MemoryStormStore(POLICY, clock, 3);
        for (String recipient : List.of("a@example.org", "b@example.org", "c@example.org")) {
            store.count(recipient);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(store.count("d@example.org")).isEqualTo(StormCount.COUNTED);
        }
        assertThat(store.tracked()).isEqualTo(3);
        assertThat(store.stormUntil("d@example.org")).isEmpty();

        clock.advance(POLICY.window());
        assertThat(IntStream.range(0, 5).mapToObj(i -> store.count("d@example.org")).toList()).endsWith(StormCount.ENTERED);
    }

    @Test
    void aPolicyRefusesNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StormPolicy(0, Duration.ofMinutes(1), Duration.ofMinutes(1)))
            .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StormPolicy(1, Duration.ZERO, Duration.ofMinutes(1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
