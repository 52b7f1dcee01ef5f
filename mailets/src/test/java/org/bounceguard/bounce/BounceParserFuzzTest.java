package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.bounceguard.testing.FuzzBudget;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Coverage-guided fuzzing of the bounce parser (Jazzer). Without {@code JAZZER_FUZZ} it replays
 * the committed inputs (src/test/resources/.../BounceParserFuzzTestInputs) as a regression test;
 * the build's {@code fuzz-bounce-parser} execution fuzzes it for a bounded time. The parser must
 * never throw on any input, must report a kind, must finish each input quickly, and its cost must
 * grow about linearly when the input is repeated to eight times the size ({@link FuzzBudget}).
 */
public class BounceParserFuzzTest {
    private static final BounceParser PARSER = new BounceParser();

    @FuzzTest(maxDuration = "20s")
    void anyBytesGiveAReportWithoutException(@NotNull byte[] raw) {
        long started = System.nanoTime();
        BounceReport report = PARSER.parse(raw, Optional.empty());
        FuzzBudget.assertWithin(started, raw.length);

        assertThat(report.kind()).isNotNull();
        assertThat(report.recipients()).isNotNull();

        // every 64th input also grown eight times (its bytes repeated): cost must grow about linearly
        if (raw.length > 0 && (++inputs & 63) == 0) {
            FuzzBudget.assertScalesLinearly(size -> {
                byte[] grown = FuzzBudget.repeatedTo(raw, size);
                return () -> PARSER.parse(grown, Optional.empty());
            }, 8 * 1024, 2);
        }
    }

    private static int inputs;

    /** Entry point of the standalone Jazzer run in {@code benchmarks/fuzz} (longer than the build's). */
    public static void fuzzerTestOneInput(byte[] data) {
        new BounceParserFuzzTest().anyBytesGiveAReportWithoutException(data);
    }
}
