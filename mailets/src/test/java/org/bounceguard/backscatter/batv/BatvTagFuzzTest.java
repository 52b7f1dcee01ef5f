package org.bounceguard.backscatter.batv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;

import org.bounceguard.testing.FuzzBudget;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;

/**
 * Coverage-guided fuzzing of BATV tag parsing and verification (Jazzer): any recipient address
 * is either not a tag, or a tag whose verification gives a result - never an exception, and a
 * random address never verifies.
 */
public class BatvTagFuzzTest {
    private static final BatvVerifier VERIFIER = new BatvVerifier(BatvKeys.parse("1:fuzzing-key-number-one,0:fuzzing-key-number-zero"));

    @FuzzTest(maxDuration = "10s")
    void anyAddressIsATagOrNotWithoutException(@NotNull String address) {
        long started = System.nanoTime();
        Optional<BatvTag> tag = BatvTag.parse(address);
        BatvResult result = VERIFIER.verify(address, LocalDate.of(2026, 11, 25));
        Optional<String> stripped = BatvVerifier.stripTag(address);
        FuzzBudget.assertWithin(started, address.length());

        assertThat(stripped.isPresent()).isEqualTo(tag.isPresent());
        // a fuzzer cannot guess an HMAC of the fuzzing keys (compared in constant time, so its
        // comparison hooks give it no hint): Valid here would mean the verifier accepts forgeries
        assertThat(result).as("verdict on %s", address).isNotInstanceOf(BatvResult.Valid.class);
        if (tag.isPresent()) {
            assertThat(result).isInstanceOfSatisfying(BatvResult.Invalid.class, invalid ->
                assertThat(invalid.reason()).isNotEqualTo(BatvResult.Invalid.Reason.MALFORMED));
        } else if (BatvTag.hasPrefix(address)) {
            assertThat(result).isEqualTo(new BatvResult.Invalid(address, BatvResult.Invalid.Reason.MALFORMED));
        } else {
            assertThat(result).isEqualTo(new BatvResult.NotTagged(address));
        }
    }

    /** Entry point of the standalone Jazzer run in {@code benchmarks/fuzz} (longer than the build's). */
    public static void fuzzerTestOneInput(byte[] data) {
        new BatvTagFuzzTest().anyAddressIsATagOrNotWithoutException(new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }
}
