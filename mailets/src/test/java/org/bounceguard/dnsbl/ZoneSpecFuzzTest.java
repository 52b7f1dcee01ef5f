package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import org.bounceguard.testing.FuzzBudget;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Coverage-guided fuzzing of the zone-spec parser (Jazzer): any text either parses into zones or
 * fails with {@link InvalidZoneSpecException} - the clear configuration error an operator sees -
 * and never with anything else.
 */
public class ZoneSpecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyTextParsesOrFailsWithAClearError(@NotNull String text) {
        long started = System.nanoTime();
        try {
            for (ZoneSpec zone : ZoneSpec.parseList(text)) {
                assertThat(zone.zone()).isNotBlank();
            }
        } catch (InvalidZoneSpecException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        FuzzBudget.assertWithin(started, text.length());
    }

    /** Entry point of the standalone Jazzer run in {@code benchmarks/fuzz} (longer than the build's). */
    public static void fuzzerTestOneInput(byte[] data) {
        new ZoneSpecFuzzTest().anyTextParsesOrFailsWithAClearError(new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }
}
