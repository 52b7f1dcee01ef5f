package org.bounceguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalisedTest {
    @Test
    void messageIdsLoseBracketsAndWhitespaceAndTheirDomainCase() {
        assertThat(Normalised.messageId(" <AbC.123@Mail.Example.COM>\r\n")).isEqualTo("AbC.123@mail.example.com");
        assertThat(Normalised.messageId("<AbC.123@\r\n\tmail.example.com>")).isEqualTo("AbC.123@mail.example.com");
        assertThat(Normalised.messageId("AbC.123@mail.example.com")).isEqualTo("AbC.123@mail.example.com");
    }

    @Test
    void anAlreadyNormalisedIdIsReturnedAsIs() {
        assertThat(Normalised.messageId("<abc@host.example>")).isEqualTo("abc@host.example");
        assertThat(Normalised.messageId("ABC@host.example")).isEqualTo("ABC@host.example");
    }

    @Test
    void onlyThePartAfterTheLastAtIsLowerCased() {
        assertThat(Normalised.messageId("<\"A@B\"@HOST>")).isEqualTo("\"A@B\"@host");
        assertThat(Normalised.messageId("<NoAtSign>")).isEqualTo("NoAtSign");
    }

    @Test
    void addressesAreLowerCasedWithoutBrackets() {
        assertThat(Normalised.address(" <Alice@Ours.Example> ")).isEqualTo("alice@ours.example");
        assertThat(Normalised.address("Bob@X")).isEqualTo("bob@x");
    }

    @Test
    void nothingUsableIsEmpty() {
        assertThat(Normalised.messageId(null)).isEmpty();
        assertThat(Normalised.messageId(" <> ")).isEmpty();
        assertThat(Normalised.address("<>")).isEmpty();
        assertThat(Normalised.address(null)).isEmpty();
    }
}
