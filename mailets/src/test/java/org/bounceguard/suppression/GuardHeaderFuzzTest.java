package org.bounceguard.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.bounceguard.testing.FuzzBudget;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Coverage-guided fuzzing of the NDR guard's header reading (Auto-Submitted and Precedence, the
 * values a sender writes). Without {@code JAZZER_FUZZ} it replays the committed inputs
 * (src/test/resources/.../GuardHeaderFuzzTestInputs); the build's {@code fuzz-guard-headers}
 * execution fuzzes it for a bounded time. Any value must be judged without exception, and the
 * value repeated eight times longer may cost at most {@link FuzzBudget#MAX_GROWTH_OVER_8X} times
 * the CPU: nested comments once cost one full pass per nesting level.
 */
public class GuardHeaderFuzzTest {
    private static final NdrGuard GUARD = NdrGuard.withDefaults();

    private static NdrDecision decide(String value) {
        return GUARD.decide(NdrSignals.builder().envelopeSender("bob@example.org").autoSubmitted(value).precedence(value).build());
    }

    @FuzzTest(maxDuration = "15s")
    void anyHeaderValueIsJudgedInLinearTime(@NotNull byte[] raw) {
        // header values reach the guard as Java strings of what James read: any char, Latin-1 covers each byte
        String value = new String(raw, StandardCharsets.ISO_8859_1);
        long started = System.nanoTime();
        NdrDecision decision = decide(value);
        FuzzBudget.assertWithin(started, value.length());
        assertThat(decision.reasons()).isNotNull();

        // below the bound (NdrGuard.MAX_HEADER_VALUE) and across it; repeated as a whole, and stretched
        // in place, which deepens any nesting the value has
        for (int size : new int[] {256, NdrGuard.MAX_HEADER_VALUE}) {
            FuzzBudget.assertScalesLinearly(length -> {
                String grown = FuzzBudget.repeatedTo(value, length);
                return () -> decide(grown);
            }, size, 100);
            FuzzBudget.assertScalesLinearly(length -> {
                String grown = FuzzBudget.stretchedTo(value, length);
                return () -> decide(grown);
            }, size, 100);
        }
    }

    /** Entry point of the standalone Jazzer run in {@code benchmarks/fuzz}. */
    public static void fuzzerTestOneInput(byte[] data) {
        new GuardHeaderFuzzTest().anyHeaderValueIsJudgedInLinearTime(data);
    }
}
