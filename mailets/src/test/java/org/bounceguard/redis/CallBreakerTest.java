package org.bounceguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.bounceguard.testing.FakeTicker;
import org.junit.jupiter.api.Test;

class CallBreakerTest {
    private final FakeTicker ticker = new FakeTicker();
    private final CallBreaker breaker = new CallBreaker(Duration.ofSeconds(5), ticker::read);

    @Test
    void closedItLetsEveryCallThroughAndFastFailuresDoNotOpenIt() {
        breaker.failedFast();
        breaker.failedFast();

        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.refused()).isZero();
    }

    @Test
    void oneTimeoutRefusesEveryCallForTheWindowCountingThem() {
        breaker.timedOut();

        for (int call = 0; call < 100; call++) {
            assertThat(breaker.allows()).isFalse();
        }
        ticker.advance(Duration.ofMillis(4_999));
        assertThat(breaker.allows()).isFalse();
        assertThat(breaker.refused()).isEqualTo(101);
        assertThat(breaker.openings()).isEqualTo(1);
    }

    @Test
    void afterTheWindowOneTrialGoesAndTheOthersWaitForItsOutcome() {
        breaker.timedOut();
        ticker.advance(Duration.ofSeconds(5));

        assertThat(breaker.allows()).as("the trial").isTrue();
        assertThat(breaker.allows()).as("while the trial is under way").isFalse();

        breaker.succeeded();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void aFailedTrialOpensAnotherWholeWindow() {
        breaker.timedOut();
        ticker.advance(Duration.ofSeconds(5));
        assertThat(breaker.allows()).isTrue();

        breaker.failedFast();

        assertThat(breaker.allows()).isFalse();
        ticker.advance(Duration.ofMillis(4_999));
        assertThat(breaker.allows()).isFalse();
        ticker.advance(Duration.ofMillis(1));
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.openings()).as("one outage, however many windows").isEqualTo(1);
    }
}
