package org.bounceguard.suppression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bounceguard.suppression.SuppressionReason.*;

class NdrGuardTest {

    private static final NdrGuard DEFAULT_GUARD = NdrGuard.withDefaults();

    /** A mail that nothing should suppress. */
    private static NdrSignals.Builder clean() {
        return NdrSignals.builder()
                .envelopeSender("alice@example.com")
                .dnsblScore(0)
                .spfResult("pass")
                .senderDomainRoutable(true);
    }

    /** One signal that, alone and under the default policy, triggers its reason. */
    private enum Signal {
        DNSBL(DNSBL_LISTED, b -> b.dnsblScore(3)),
        SPF(SPF_FAIL, b -> b.spfResult("fail")),
        SPAM(SPAM_FLAGGED, b -> b.spamFlagged(true)),
        NULL(NULL_SENDER, NdrSignals.Builder::nullSender),
        AUTO(AUTO_SUBMITTED, b -> b.autoSubmitted("auto-generated")),
        PREC(PRECEDENCE, b -> b.precedence("bulk")),
        UNROUTABLE(SENDER_DOMAIN_UNROUTABLE, b -> b.senderDomainRoutable(false)),
        BACKSCATTERED(BACKSCATTER, b -> b.backscatter(true));

        final SuppressionReason reason;
        final UnaryOperator<NdrSignals.Builder> apply;

        Signal(SuppressionReason reason, UnaryOperator<NdrSignals.Builder> apply) {
            this.reason = reason;
            this.apply = apply;
        }
    }

    @Test
    void cleanMailGetsItsNdr() {
        assertThat(DEFAULT_GUARD.decide(clean().build())).isEqualTo(NdrDecision.allow());
    }

    @Test
    void noSignalsAtAllButARealSenderGetsItsNdr() {
        NdrSignals signals = NdrSignals.builder().envelopeSender("bob@example.org").build();
        assertThat(DEFAULT_GUARD.decide(signals).sendNdr()).isTrue();
    }

    static Stream<Arguments> everyCombinationOfSignals() {
        Signal[] all = Signal.values();
        List<Arguments> combos = new ArrayList<>();
        for (int mask = 1; mask < (1 << all.length); mask++) {
            List<Signal> chosen = new ArrayList<>();
            for (int i = 0; i < all.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    chosen.add(all[i]);
                }
            }
            combos.add(Arguments.of(chosen));
        }
        return combos.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCombinationOfSignals")
    void everyApplicableReasonIsListedInFixedOrder(List<Signal> signals) {
        NdrSignals.Builder builder = clean();
        // apply in reverse to show the order of application does not matter
        for (int i = signals.size() - 1; i >= 0; i--) {
            signals.get(i).apply.apply(builder);
        }
        EnumSet<SuppressionReason> expected = EnumSet.noneOf(SuppressionReason.class);
        signals.forEach(s -> expected.add(s.reason));

        NdrDecision decision = DEFAULT_GUARD.decide(builder.build());

        assertThat(decision.sendNdr()).isFalse();
        assertThat(decision.reasons()).containsExactlyElementsOf(expected);
    }

    @Test
    void allSignalsTogetherListEveryReasonInDocumentedOrder() {
        NdrGuard guard = new NdrGuard(NdrPolicy.builder().suppressOnSpfSoftfail(true).build());
        NdrSignals.Builder builder = clean();
        for (Signal signal : Signal.values()) {
            signal.apply.apply(builder);
        }
        assertThat(guard.decide(builder.build()).reasons()).containsExactly(
                DNSBL_LISTED, SPF_FAIL, SPAM_FLAGGED, NULL_SENDER, AUTO_SUBMITTED, PRECEDENCE,
                SENDER_DOMAIN_UNROUTABLE, BACKSCATTER);
        assertThat(guard.decide(builder.spfResult("softfail").build()).reasons()).containsExactly(
                DNSBL_LISTED, SPF_SOFTFAIL, SPAM_FLAGGED, NULL_SENDER, AUTO_SUBMITTED, PRECEDENCE,
                SENDER_DOMAIN_UNROUTABLE, BACKSCATTER);
    }

    static Stream<Arguments> suppressingValues() {
        return Stream.of(
                Arguments.of("spf FAIL", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult(" FAIL "), SPF_FAIL),
                Arguments.of("spf Fail", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("Fail"), SPF_FAIL),
                Arguments.of("dnsbl above threshold", (UnaryOperator<NdrSignals.Builder>) b -> b.dnsblScore(42), DNSBL_LISTED),
                Arguments.of("null sender <>", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender("<>"), NULL_SENDER),
                Arguments.of("null sender empty", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender(""), NULL_SENDER),
                Arguments.of("null sender null", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender(null), NULL_SENDER),
                Arguments.of("MAILER-DAEMON", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender("MAILER-DAEMON@mx.example.net"), NULL_SENDER),
                Arguments.of("mailer-daemon bracketed", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender("<mailer-daemon@mx.example.net>"), NULL_SENDER),
                Arguments.of("bare MAILER-DAEMON", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender("Mailer-Daemon"), NULL_SENDER),
                Arguments.of("postmaster", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender("Postmaster@mx.example.net"), NULL_SENDER),
                Arguments.of("auto-replied", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("auto-replied"), AUTO_SUBMITTED),
                Arguments.of("Auto-Generated upper", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("  Auto-Generated "), AUTO_SUBMITTED),
                Arguments.of("auto-replied with params", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("auto-replied; owner-email=\"me@example.com\""), AUTO_SUBMITTED),
                Arguments.of("auto-notified extension", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("auto-notified"), AUTO_SUBMITTED),
                Arguments.of("empty Auto-Submitted", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted(""), AUTO_SUBMITTED),
                Arguments.of("no-thanks is not no", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("no-thanks"), AUTO_SUBMITTED),
                Arguments.of("Precedence BULK", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence("BULK"), PRECEDENCE),
                Arguments.of("Precedence junk", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence(" junk "), PRECEDENCE),
                Arguments.of("Precedence List", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence("List"), PRECEDENCE),
                Arguments.of("Precedence list with comment", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence("list (mailing list)"), PRECEDENCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suppressingValues")
    void valueVariantsSuppress(String name, UnaryOperator<NdrSignals.Builder> apply, SuppressionReason reason) {
        NdrDecision decision = DEFAULT_GUARD.decide(apply.apply(clean()).build());
        assertThat(decision.reasons()).containsExactly(reason);
    }

    static Stream<Arguments> harmlessValues() {
        return Stream.of(
                Arguments.of("spf pass", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("pass")),
                Arguments.of("spf neutral", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("neutral")),
                Arguments.of("spf none", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("none")),
                Arguments.of("spf temperror", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("temperror")),
                Arguments.of("spf permerror", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("permerror")),
                Arguments.of("spf unknown value", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("failure-ish")),
                Arguments.of("spf empty", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("")),
                Arguments.of("spf softfail under default policy", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult("softfail")),
                Arguments.of("spf absent", (UnaryOperator<NdrSignals.Builder>) b -> b.spfResult(null)),
                Arguments.of("dnsbl zero", (UnaryOperator<NdrSignals.Builder>) b -> b.dnsblScore(0)),
                Arguments.of("dnsbl negative", (UnaryOperator<NdrSignals.Builder>) b -> b.dnsblScore(-5)),
                Arguments.of("Auto-Submitted no", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("no")),
                Arguments.of("Auto-Submitted NO padded", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("  NO ")),
                Arguments.of("Auto-Submitted no with comment", (UnaryOperator<NdrSignals.Builder>) b -> b.autoSubmitted("no (written (by) a human)")),
                Arguments.of("Precedence normal", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence("normal")),
                Arguments.of("Precedence first-class", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence("first-class")),
                Arguments.of("Precedence bulky", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence("bulky")),
                Arguments.of("Precedence empty", (UnaryOperator<NdrSignals.Builder>) b -> b.precedence("")),
                Arguments.of("sender domain unknown", (UnaryOperator<NdrSignals.Builder>) b -> b.senderDomainRoutable(java.util.Optional.empty())),
                Arguments.of("sender mailer-daemon-ish", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender("mailer-daemon-fan@example.com")),
                Arguments.of("daemon domain", (UnaryOperator<NdrSignals.Builder>) b -> b.envelopeSender("alice@mailer-daemon.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("harmlessValues")
    void harmlessValuesDoNotSuppress(String name, UnaryOperator<NdrSignals.Builder> apply) {
        assertThat(DEFAULT_GUARD.decide(apply.apply(clean()).build())).isEqualTo(NdrDecision.allow());
    }

    @Test
    void dnsblThresholdIsInclusiveAndConfigurable() {
        NdrGuard strict = new NdrGuard(NdrPolicy.builder().dnsblThreshold(1).build());
        NdrGuard lax = new NdrGuard(NdrPolicy.builder().dnsblThreshold(10).build());
        assertThat(strict.decide(clean().dnsblScore(1).build()).reasons()).containsExactly(DNSBL_LISTED);
        assertThat(strict.decide(clean().dnsblScore(0).build()).sendNdr()).isTrue();
        assertThat(lax.decide(clean().dnsblScore(9).build()).sendNdr()).isTrue();
        assertThat(lax.decide(clean().dnsblScore(10).build()).reasons()).containsExactly(DNSBL_LISTED);
        assertThat(DEFAULT_GUARD.decide(clean().dnsblScore(3).build()).reasons()).containsExactly(DNSBL_LISTED);
    }

    @Test
    void byDefaultAnyPositiveScoreSuppresses() {
        // a source scoring below a quarantine threshold of 3 (e.g. one SpamCop listing, weight 2)
        // reaches the bounce paths: the default guard must not bounce to it
        assertThat(DEFAULT_GUARD.decide(clean().dnsblScore(1).build()).reasons()).containsExactly(DNSBL_LISTED);
        assertThat(DEFAULT_GUARD.decide(clean().dnsblScore(2).build()).reasons()).containsExactly(DNSBL_LISTED);
        assertThat(DEFAULT_GUARD.decide(clean().dnsblScore(0).build()).sendNdr()).isTrue();
    }

    @Test
    void softfailSuppressesOnlyWhenThePolicySaysSo() {
        NdrGuard guard = new NdrGuard(NdrPolicy.builder().suppressOnSpfSoftfail(true).build());
        assertThat(guard.decide(clean().spfResult(" SoftFail ").build()).reasons()).containsExactly(SPF_SOFTFAIL);
        assertThat(guard.decide(clean().spfResult("fail").build()).reasons()).containsExactly(SPF_FAIL);
        assertThat(DEFAULT_GUARD.decide(clean().spfResult("softfail").build()).sendNdr()).isTrue();
    }

    static Stream<Arguments> toggles() {
        return Stream.of(
                Arguments.of("suppressOnSpam", (UnaryOperator<NdrPolicy.Builder>) p -> p.suppressOnSpam(false), Signal.SPAM),
                Arguments.of("checkSenderDomain", (UnaryOperator<NdrPolicy.Builder>) p -> p.checkSenderDomain(false), Signal.UNROUTABLE),
                Arguments.of("suppressAutoSubmitted", (UnaryOperator<NdrPolicy.Builder>) p -> p.suppressAutoSubmitted(false), Signal.AUTO),
                Arguments.of("suppressPrecedence", (UnaryOperator<NdrPolicy.Builder>) p -> p.suppressPrecedence(false), Signal.PREC));
    }

    @ParameterizedTest(name = "{0} off")
    @MethodSource("toggles")
    void switchingAToggleOffLetsThatSignalThrough(String name, UnaryOperator<NdrPolicy.Builder> toggle, Signal signal) {
        NdrGuard guard = new NdrGuard(toggle.apply(NdrPolicy.builder()).build());
        assertThat(guard.decide(signal.apply.apply(clean()).build()).sendNdr()).isTrue();
        // ...and the toggle does not silence the other signals
        NdrSignals withBackscatter = signal.apply.apply(clean()).backscatter(true).build();
        assertThat(guard.decide(withBackscatter).reasons()).containsExactly(BACKSCATTER);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveThresholdIsRejected(int threshold) {
        assertThatThrownBy(() -> NdrPolicy.builder().dnsblThreshold(threshold).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dnsblThreshold")
                .hasMessageContaining(String.valueOf(threshold));
    }

    @Test
    void policyDefaultsAreAsDocumented() {
        NdrPolicy defaults = NdrPolicy.defaults();
        assertThat(defaults.dnsblThreshold()).isEqualTo(1);
        assertThat(defaults.suppressOnSpfSoftfail()).isFalse();
        assertThat(defaults.suppressOnSpam()).isTrue();
        assertThat(defaults.checkSenderDomain()).isTrue();
        assertThat(defaults.suppressAutoSubmitted()).isTrue();
        assertThat(defaults.suppressPrecedence()).isTrue();
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
        assertThat(DEFAULT_GUARD.policy()).isEqualTo(defaults);
    }

    @Test
    void signalsNeedAnExplicitSender() {
        assertThatThrownBy(() -> NdrSignals.builder().spamFlagged(true).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("envelope sender");
    }

    @Test
    void angleBracketNullSenderIsNormalisedToEmpty() {
        assertThat(NdrSignals.builder().envelopeSender(" <> ").build().envelopeSender()).isEmpty();
        assertThat(NdrSignals.builder().envelopeSender("a@b.c").build().envelopeSender()).contains("a@b.c");
    }
}
