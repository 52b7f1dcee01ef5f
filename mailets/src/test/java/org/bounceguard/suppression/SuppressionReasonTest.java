package org.bounceguard.suppression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SuppressionReasonTest {

    @Test
    void wireNamesAreStableAndInDocumentedOrder() {
        assertThat(Arrays.stream(SuppressionReason.values()).map(SuppressionReason::code)).containsExactly(
                "dnsbl-listed", "spf-fail", "spf-softfail", "spam-flagged", "null-sender", "auto-submitted",
                "precedence", "sender-domain-unroutable", "backscatter", "return-path-unproven", "rate-limited", "already-answered");
    }

    @ParameterizedTest
    @EnumSource(SuppressionReason.class)
    void codeRoundTrips(SuppressionReason reason) {
        assertThat(SuppressionReason.fromCode(reason.code())).contains(reason);
        assertThat(SuppressionReason.fromCode(" " + reason.code().toUpperCase(Locale.ROOT) + " ")).contains(reason);
        assertThat(reason.toString()).isEqualTo(reason.code());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"SPF_FAIL", "spf_fail", "spam", "rate limited", "dnsbl-listed-x"})
    void unknownCodesAreEmpty(String code) {
        assertThat(SuppressionReason.fromCode(code)).isEmpty();
    }
}
