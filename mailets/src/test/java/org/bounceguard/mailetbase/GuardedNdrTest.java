package org.bounceguard.mailetbase;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardedNdrTest {

    @Test
    void readsTheSigningDomainsOfAPassingDkimResult() {
        assertThat(AnswerGuard.dkimPassDomains("pass (identity @shop.example) (identity news@mail.esp.example)"))
            .containsExactly("shop.example", "mail.esp.example");
    }

    @Test
    void aFailingOrNeutralResultProvesNothing() {
        assertThat(AnswerGuard.dkimPassDomains("fail (identity@shop.example:body hash mismatch)")).isEmpty();
        assertThat(AnswerGuard.dkimPassDomains("neutral (no signatures)")).isEmpty();
        assertThat(AnswerGuard.dkimPassDomains("")).isEmpty();
    }

    @Test
    void aTruncatedResultYieldsWhatIsComplete() {
        assertThat(AnswerGuard.dkimPassDomains("PASS (identity @a.example) (identity @b.exa")).containsExactly("a.example");
    }
}
