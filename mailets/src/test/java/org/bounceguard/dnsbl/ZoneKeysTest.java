package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZoneKeysTest {
    private static final String KEY = "secretkey123";

    @Test
    void namedKeysAreFoundByNameInAnyCaseAndShownByNameOnly() {
        ZoneKeys keys = ZoneKeys.parse("dqs:" + KEY + ", other:k2\n third:k3");

        assertThat(keys.key("DQS")).hasValue(KEY);
        assertThat(keys.names()).containsExactly("dqs", "other", "third");
        assertThat(keys.toString()).isEqualTo("ZoneKeys[dqs, other, third]");
        assertThat(ZoneKeys.parse("  ").names()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dqs" + KEY, "dqs:" + KEY + ".zen", "dqs:" + KEY + "!", "bad name:" + KEY, "dqs:" + KEY + ",dqs:" + KEY + "x", ":" + KEY})
    void aBadEntryIsRefusedWithoutShowingAnyKey(String text) {
        assertThatThrownBy(() -> ZoneKeys.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .satisfies(error -> assertThat(error.getMessage()).doesNotContainIgnoringCase(KEY));
    }

    @Test
    void keysFromTwoSourcesMayNotShareAName() {
        assertThatThrownBy(() -> ZoneKeys.parse("dqs:" + KEY).and(ZoneKeys.parse("dqs:other")))
            .hasMessageContaining("two keys are named 'dqs'")
            .satisfies(error -> assertThat(error.getMessage()).doesNotContain(KEY));
        assertThat(ZoneKeys.parse("a:x").and(ZoneKeys.parse("b:y")).names()).containsExactly("a", "b");
    }
}
