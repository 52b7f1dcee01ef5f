package org.bounceguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LedgerPolicyTest {
    @Test
    void missingValuesTakeTheDefaults() {
        assertThat(LedgerPolicy.parse(null, " ")).isEqualTo(new LedgerPolicy(14, LedgerPolicy.DEFAULT_MAX_ENTRIES));
    }

    @Test
    void valuesAreParsedWithUnderscoresAllowed() {
        assertThat(LedgerPolicy.parse(" 7 ", "10_000_000")).isEqualTo(new LedgerPolicy(7, 10_000_000));
    }

    @Test
    void aNonNumberNamesTheSettingAndTheValue() {
        assertThatThrownBy(() -> LedgerPolicy.parse("two weeks", null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("retention")
            .hasMessageContaining("'two weeks'");
        assertThatThrownBy(() -> LedgerPolicy.parse(null, "lots"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maximum entries")
            .hasMessageContaining("'lots'");
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> LedgerPolicy.parse("0", null)).hasMessageContaining("1 to 366 days, not 0");
        assertThatThrownBy(() -> LedgerPolicy.parse("367", null)).hasMessageContaining("not 367");
        assertThatThrownBy(() -> LedgerPolicy.parse("99999999999", null)).hasMessageContaining("not 99999999999");
        assertThatThrownBy(() -> LedgerPolicy.parse(null, "-5")).hasMessageContaining("not -5");
        assertThatThrownBy(() -> LedgerPolicy.parse(null, "300000000")).hasMessageContaining("1 to 200000000");
    }
}
