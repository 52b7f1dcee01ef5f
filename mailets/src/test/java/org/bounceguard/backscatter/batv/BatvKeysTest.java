package org.bounceguard.backscatter.batv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatvKeysTest {

    private static final String SECRET_ONE = "secret-one-0123456789";
    private static final String OLDER = "older-secret-abcdefgh";

    @Test
    void firstEntrySignsAndAllAreAccepted() {
        BatvKeys keys = BatvKeys.parse("1:" + SECRET_ONE + ",0:" + OLDER);
        assertThat(keys.currentKeyNumber()).isEqualTo(1);
        assertThat(keys.keyNumbers()).containsExactly(1, 0);
        assertThat(keys.accepts(0)).isTrue();
        assertThat(keys.accepts(1)).isTrue();
        assertThat(keys.accepts(2)).isFalse();
    }

    @Test
    void whitespaceAroundEntriesIsIgnored() {
        BatvKeys keys = BatvKeys.parse("  9 : " + SECRET_ONE + " ,\n 3:" + OLDER + "  ");
        assertThat(keys.keyNumbers()).containsExactly(9, 3);
        BatvKeys same = BatvKeys.parse("9:" + SECRET_ONE + ",3:" + OLDER);
        assertThat(keys.signature(9, new byte[]{1, 2, 3})).isEqualTo(same.signature(9, new byte[]{1, 2, 3}));
    }

    @Test
    void secretMayContainColons() {
        BatvKeys keys = BatvKeys.parse("4:a:b:c:d:e:f:g:h:i:j");
        assertThat(keys.keyNumbers()).containsExactly(4);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n\t"})
    void missingConfigurationIsAClearError(String configuration) {
        assertThatThrownBy(() -> BatvKeys.parse(configuration))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("BATV needs at least one key");
    }

    @Test
    void shortSecretNamesTheKeyAndTheMinimumButNotTheSecret() {
        String tooShort = "fifteen-bytes!!";
        assertThat(tooShort).hasSize(15);
        assertThatThrownBy(() -> BatvKeys.parse("1:" + SECRET_ONE + ",5:" + tooShort))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 5")
                .hasMessageContaining("16")
                .message().doesNotContain(tooShort).doesNotContain(SECRET_ONE);
    }

    @Test
    void minimumIsCountedInUtf8Bytes() {
        assertThat(BatvKeys.parse("1:" + "é".repeat(8)).keyNumbers()).containsExactly(1);  // 16 bytes
        assertThatThrownBy(() -> BatvKeys.parse("1:" + "é".repeat(7) + "x"))             // 15 bytes
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 1");
        assertThat(BatvKeys.parse("1:" + "x".repeat(16)).keyNumbers()).containsExactly(1);
    }

    @Test
    void duplicateKeyNumberIsAnError() {
        assertThatThrownBy(() -> BatvKeys.parse("1:" + SECRET_ONE + ",1:" + OLDER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 1")
                .hasMessageContaining("more than once")
                .message().doesNotContain(SECRET_ONE).doesNotContain(OLDER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:", "10:", ":", "-1:", "a1:", "١:", "0x1:", " :"})
    void keyNumberMustBeOneAsciiDigit(String prefix) {
        assertThatThrownBy(() -> BatvKeys.parse(prefix + SECRET_ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1")
                .hasMessageContaining("single digit")
                .message().doesNotContain(SECRET_ONE);
    }

    @Test
    void entryWithoutColonIsNotEchoedBecauseItMayBeTheSecret() {
        assertThatThrownBy(() -> BatvKeys.parse("1:" + SECRET_ONE + "," + OLDER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2")
                .hasMessageContaining("KEY:SECRET")
                .message().doesNotContain(OLDER).doesNotContain(SECRET_ONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:secret-one-0123456789,", ",1:secret-one-0123456789", "1:secret-one-0123456789,,0:older-secret-abcdefgh"})
    void emptyEntriesAreErrors(String configuration) {
        assertThatThrownBy(() -> BatvKeys.parse(configuration))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is empty")
                .message().doesNotContain(SECRET_ONE).doesNotContain(OLDER);
    }

    @Test
    void toStringShowsKeyNumbersOnly() {
        BatvKeys keys = BatvKeys.parse("1:" + SECRET_ONE + ",0:" + OLDER);
        assertThat(keys.toString())
                .isEqualTo("BatvKeys[current=1, accepted=[1, 0]]")
                .doesNotContain(SECRET_ONE).doesNotContain(OLDER);
    }

    @Test
    void keyNumbersListIsImmutable() {
        BatvKeys keys = BatvKeys.parse("1:" + SECRET_ONE);
        assertThatThrownBy(() -> keys.keyNumbers().add(3)).isInstanceOf(UnsupportedOperationException.class);
    }
}
