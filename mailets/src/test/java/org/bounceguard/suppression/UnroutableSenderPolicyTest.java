package org.bounceguard.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnroutableSenderPolicyTest {
    private final UnroutableSenderPolicy defaults = UnroutableSenderPolicy.defaults();

    @Test
    void aNullMxDomainIsRefusedFor550WithTheRfc7505Code() {
        UnroutableSenderPolicy.Refusal refusal = defaults.decide("nomail.example", MailDomainStatus.NULL_MX).orElseThrow();

        assertThat(refusal.code()).isEqualTo(550);
        assertThat(refusal.text()).startsWith("5.7.27 ").contains("nomail.example", "null MX");
    }

    @Test
    void aDomainThatDoesNotExistIsDeferredWith450ByDefault() {
        UnroutableSenderPolicy.Refusal refusal = defaults.decide("gone.example", MailDomainStatus.NO_SUCH_DOMAIN).orElseThrow();

        assertThat(refusal.code()).isEqualTo(450);
        assertThat(refusal.text()).startsWith("4.1.8 ").contains("gone.example", "does not exist");
        assertThat(defaults.decide("bare.example", MailDomainStatus.NO_MAIL_HOST).orElseThrow().text())
            .startsWith("4.1.8 ").contains("bare.example", "no MX, A or AAAA");
    }

    @Test
    void theCodeForUnknownDomainsMayBePermanentAndTheEnhancedCodeFollowsIt() {
        UnroutableSenderPolicy permanent = new UnroutableSenderPolicy(550);

        assertThat(permanent.decide("gone.example", MailDomainStatus.NO_SUCH_DOMAIN).orElseThrow())
            .satisfies(refusal -> assertThat(refusal.code()).isEqualTo(550))
            .satisfies(refusal -> assertThat(refusal.text()).startsWith("5.1.8 "));
        assertThat(permanent.decide("nomail.example", MailDomainStatus.NULL_MX).orElseThrow().code()).isEqualTo(550);
    }

    @Test
    void aDomainThatReceivesAndEveryUndecidedAnswerAreAccepted() {
        assertThat(defaults.decide("example.org", MailDomainStatus.RECEIVES)).isEmpty();
        for (MailDomainStatus.Cause cause : MailDomainStatus.Cause.values()) {
            assertThat(defaults.decide("example.org", new MailDomainStatus.Undetermined(cause))).as(cause.name()).isEmpty();
        }
    }

    @Test
    void onlyCodesThatRefuseAMailFromAreTaken() {
        for (int code : new int[] {250, 421, 449, 460, 500, 549, 560, 0}) {
            assertThatThrownBy(() -> new UnroutableSenderPolicy(code)).as("%d", code)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("450 to 459");
        }
        assertThat(new UnroutableSenderPolicy(451).unknownDomainCode()).isEqualTo(451);
        assertThat(new UnroutableSenderPolicy(554).unknownDomainCode()).isEqualTo(554);
    }

    @Test
    void countersSortEachCheckIntoOneOutcome() {
        UnroutableSenderCounters counters = new UnroutableSenderCounters();
        counters.recordChecked(MailDomainStatus.NULL_MX, true);
        counters.recordChecked(MailDomainStatus.NO_SUCH_DOMAIN, true);
        counters.recordChecked(MailDomainStatus.NO_MAIL_HOST, true);
        counters.recordChecked(new MailDomainStatus.Undetermined(MailDomainStatus.Cause.TIMEOUT), false);
        counters.recordChecked(MailDomainStatus.RECEIVES, false);
        counters.recordTrustedClient();
        counters.recordOwnDomain();

        assertThat(counters.snapshot()).isEqualTo(new UnroutableSenderCounters.Snapshot(5, 1, 1, 1, 1, 1, 1));
        assertThat(counters.snapshot().refused()).isEqualTo(3);
    }
}
