package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.bounceguard.net.Addresses;
import org.bounceguard.suppression.NdrGuard;
import org.bounceguard.suppression.NdrSignals;
import org.bounceguard.suppression.SuppressionReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One definition of a bounce's envelope sender and one of an automatic message, read alike by the parser and the NDR guard. */
class AutomaticMailTest {

    @ParameterizedTest
    @ValueSource(strings = {"auto-generated", "auto-replied", "auto-replied; owner-email=\"bob@example.org\"", "AUTO-NOTIFIED",
        "no", "No (sent by a person)", "(sent by a person) no", "no; x=y", "notify", "", "  "})
    void theParserAndTheGuardReadAutoSubmittedAlike(String value) {
        TopHeader top = new TopHeader();
        top.field("from", "Bob <bob@example.org>");
        top.field("subject", "hello");
        top.field("auto-submitted", value);
        boolean guardSuppresses = NdrGuard.withDefaults().decide(NdrSignals.builder().envelopeSender("bob@example.org")
            .autoSubmitted(value).build()).reasons().contains(SuppressionReason.AUTO_SUBMITTED);

        assertThat(top.isAutoSubmitted()).isEqualTo(guardSuppresses).isEqualTo(AutomaticMail.isAutomatic(value));
        assertThat(top.mayBeReport(Optional.empty())).isEqualTo(AutomaticMail.isAutomatic(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "(by hand) no", "No"})
    void aMessageSentByAPersonIsNotAutomatic(String value) {
        assertThat(AutomaticMail.isAutomatic(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto-replied", "Auto-Replied (vacation)", "auto-replied; owner-email=bob@example.org"})
    void anAutoReplyIsReadByItsKeyword(String value) {
        assertThat(AutomaticMail.isAutoReplied(value)).isTrue();
        assertThat(AutomaticMail.isAutoReplied("auto-generated")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<>", "MAILER-DAEMON@mx.example.net", "postmaster@example.org", "double-bounce@example.org",
        "postmaster-reports@example.org", "mail-delivery@example.org", "bob@example.org"})
    void anEnvelopeSenderSignalsAReportExactlyWhenItIsABounceSender(String sender) {
        TopHeader top = new TopHeader();
        top.field("from", "Bob <bob@example.org>");
        top.field("subject", "hello");

        assertThat(top.mayBeReport(Optional.of(sender))).isEqualTo(Addresses.isBounceSender(sender));
    }
}
