package org.bounceguard.srs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SrsKeysTest {
    @Test
    void everySecretIsReadTheFirstSigning() {
        SrsKeys keys = SrsKeys.parse(" new-secret-0123456789 , old-secret-0123456789 ");

        assertThat(keys.count()).isEqualTo(2);
    }

    @Test
    void secretsAreNeverShown() {
        SrsKeys keys = SrsKeys.parse("new-secret-0123456789,old-secret-0123456789");

        assertThat(keys.toString()).doesNotContain("secret-0123456789").isEqualTo("SrsKeys[2 secret(s)]");
    }

    @Test
    void badTextIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> SrsKeys.parse(" ")).hasMessageContaining("at least one secret");
        assertThatThrownBy(() -> SrsKeys.parse("short-one")).hasMessage("SRS secret 1 is too short: secrets need at least 16 bytes (UTF-8)")
            .hasMessageNotContaining("short-one");
        assertThatThrownBy(() -> SrsKeys.parse("good-secret-0123456789,")).hasMessageContaining("SRS secret 2 is empty");
        assertThatThrownBy(() -> SrsKeys.parse("good-secret-0123456789,good-secret-0123456789"))
            .hasMessage("SRS secret 2 repeats an earlier one");
    }
}
