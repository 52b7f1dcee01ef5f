package org.bounceguard.suppression;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bounceguard.suppression.SuppressionReason.*;

class NdrDecisionTest {

    @Test
    void allowSendsWithoutReasons() {
        assertThat(NdrDecision.allow().sendNdr()).isTrue();
        assertThat(NdrDecision.allow().suppressed()).isFalse();
        assertThat(NdrDecision.allow().reasons()).isEmpty();
    }

    @Test
    void reasonsAreSortedAndDeduplicated() {
        NdrDecision decision = NdrDecision.suppress(List.of(BACKSCATTER, SPF_FAIL, BACKSCATTER, DNSBL_LISTED));
        assertThat(decision.reasons()).containsExactly(DNSBL_LISTED, SPF_FAIL, BACKSCATTER);
        assertThat(decision).isEqualTo(NdrDecision.suppress(DNSBL_LISTED, BACKSCATTER, SPF_FAIL));
        assertThat(decision.hasReason(SPF_FAIL)).isTrue();
        assertThat(decision.hasReason(PRECEDENCE)).isFalse();
    }

    @Test
    void reasonsAreImmutableAndDetachedFromTheCallersList() {
        List<SuppressionReason> mine = new ArrayList<>(List.of(SPAM_FLAGGED));
        NdrDecision decision = new NdrDecision(false, mine);
        mine.add(BACKSCATTER);
        assertThat(decision.reasons()).containsExactly(SPAM_FLAGGED);
        assertThatThrownBy(() -> decision.reasons().add(PRECEDENCE)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inconsistentDecisionsAreRejected() {
        assertThatThrownBy(() -> new NdrDecision(true, List.of(SPAM_FLAGGED)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NdrDecision(false, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one reason");
        List<SuppressionReason> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new NdrDecision(false, withNull)).isInstanceOf(NullPointerException.class);
    }
}
