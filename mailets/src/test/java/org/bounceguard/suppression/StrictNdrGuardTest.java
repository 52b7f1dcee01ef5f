package org.bounceguard.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision table of {@link NdrMode#AUTHENTICATED_ONLY}: an NDR only to a proven return path. */
class StrictNdrGuardTest {

    private static final NdrGuard STRICT = new NdrGuard(NdrPolicy.builder().mode(NdrMode.AUTHENTICATED_ONLY).build());
    private static final NdrGuard DEFAULT = NdrGuard.withDefaults();

    /** A sender nothing speaks against, and nothing proves either. */
    private static NdrSignals.Builder unproven() {
        return NdrSignals.builder()
                .envelopeSender("bob@shop.example")
                .dnsblScore(0)
                .spfResult("none")
                .senderDomainRoutable(true);
    }

    static Stream<Arguments> decisionTable() {
        return Stream.of(
                Arguments.of("nothing proves the sender", unproven(), false),
                Arguments.of("SMTP AUTH", unproven().senderAuthenticated(true), true),
                Arguments.of("local address", unproven().senderLocal(true), true),
                Arguments.of("SPF pass", unproven().spfResult("pass"), true),
                Arguments.of("SPF Pass, odd case and spaces", unproven().spfResult(" Pass "), true),
                Arguments.of("SPF neutral", unproven().spfResult("neutral"), false),
                Arguments.of("SPF softfail", unproven().spfResult("softfail"), false),
                Arguments.of("SPF temperror", unproven().spfResult("temperror"), false),
                Arguments.of("SPF unknown", unproven().spfResult(null), false),
                Arguments.of("DKIM same domain", unproven().dkimPassDomains(List.of("shop.example")), true),
                Arguments.of("DKIM i= form", unproven().dkimPassDomains(List.of("@shop.example")), true),
                Arguments.of("DKIM parent domain", unproven().envelopeSender("bob@mail.shop.example")
                        .dkimPassDomains(List.of("shop.example")), true),
                Arguments.of("DKIM subdomain of sender", unproven().dkimPassDomains(List.of("news.shop.example")), true),
                Arguments.of("DKIM case-insensitive", unproven().dkimPassDomains(List.of("SHOP.Example")), true),
                Arguments.of("DKIM of another domain", unproven().dkimPassDomains(List.of("esp.example")), false),
                Arguments.of("DKIM look-alike suffix", unproven().dkimPassDomains(List.of("hop.example")), false),
                Arguments.of("DKIM of a bare TLD", unproven().dkimPassDomains(List.of("example")), false),
                Arguments.of("one aligned signature among others", unproven()
                        .dkimPassDomains(List.of("esp.example", "shop.example")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisionTable")
    void strictModeBouncesOnlyToAProvenReturnPath(String label, NdrSignals.Builder signals, boolean bounce) {
        NdrDecision decision = STRICT.decide(signals.build());

        assertThat(decision.sendNdr()).isEqualTo(bounce);
        if (!bounce) {
            assertThat(decision.reasons()).containsExactly(SuppressionReason.RETURN_PATH_UNPROVEN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisionTable")
    void defaultModeNeedsNoProof(String label, NdrSignals.Builder signals, boolean ignored) {
        assertThat(DEFAULT.decide(signals.build()).reasons()).doesNotContain(SuppressionReason.RETURN_PATH_UNPROVEN);
    }

    @Test
    void proofDoesNotOverrideADubiousSource() {
        NdrDecision decision = STRICT.decide(unproven().senderAuthenticated(true).dnsblScore(5).build());

        assertThat(decision.reasons()).containsExactly(SuppressionReason.DNSBL_LISTED);
    }

    @Test
    void anUnprovenListedSenderGetsBothReasonsInOrder() {
        NdrDecision decision = STRICT.decide(unproven().spfResult("fail").build());

        assertThat(decision.reasons()).containsExactly(SuppressionReason.SPF_FAIL, SuppressionReason.RETURN_PATH_UNPROVEN);
    }

    @Test
    void aNullSenderIsSuppressedAsABounceNotAsUnproven() {
        NdrDecision decision = STRICT.decide(unproven().nullSender().build());

        assertThat(decision.reasons()).containsExactly(SuppressionReason.NULL_SENDER);
    }

    @Test
    void aSenderWithoutDomainIsNeverAlignedWithAnySignature() {
        NdrDecision decision = STRICT.decide(unproven().envelopeSender("bob").dkimPassDomains(List.of("shop.example")).build());

        assertThat(decision.reasons()).containsExactly(SuppressionReason.RETURN_PATH_UNPROVEN);
    }

    @Test
    void modeWordsRoundTrip() {
        assertThat(NdrMode.fromCode(" Authenticated-Only ")).contains(NdrMode.AUTHENTICATED_ONLY);
        assertThat(NdrMode.fromCode("dubious-source")).contains(NdrMode.DUBIOUS_SOURCE);
        assertThat(NdrMode.fromCode("strict")).isEmpty();
        assertThat(NdrPolicy.defaults().mode()).isEqualTo(NdrMode.DUBIOUS_SOURCE);
    }
}
