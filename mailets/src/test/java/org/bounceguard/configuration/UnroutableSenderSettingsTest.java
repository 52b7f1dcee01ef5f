package org.bounceguard.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Properties;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;

class UnroutableSenderSettingsTest {
    private static BounceguardSettings settings(String... keysAndValues) {
        BaseConfiguration configuration = new BaseConfiguration();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            configuration.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return BounceguardSettings.of(Optional.of(configuration), new Properties());
    }

    @Test
    void onWith450ForUnknownDomainsUnlessSet() {
        UnroutableSenderSettings defaults = settings().unroutableSender();

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.policy().unknownDomainCode()).isEqualTo(450);
    }

    @Test
    void bothSettingsAreRead() {
        UnroutableSenderSettings settings = settings("unroutableSender.enabled", "false", "unroutableSender.unknownDomainCode", "550")
            .unroutableSender();

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.policy().unknownDomainCode()).isEqualTo(550);
    }

    @Test
    void aCodeThatCannotRefuseAMailFromIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings("unroutableSender.unknownDomainCode", "250"))
            .hasMessageContaining("unroutableSender.unknownDomainCode").hasMessageContaining("'250'").hasMessageContaining("450 to 459");
        assertThatThrownBy(() -> settings("unroutableSender.unknownDomainCode", "soft"))
            .hasMessageContaining("unroutableSender.unknownDomainCode").hasMessageContaining("'soft'");
        assertThatThrownBy(() -> settings("unroutableSender.unknownDomainCode", "99999999999"))
            .hasMessageContaining("unroutableSender.unknownDomainCode");
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheNearestSetting() {
        assertThatThrownBy(() -> settings("unroutableSender.enable", "true"))
            .hasMessageContaining("'unroutableSender.enable' is not a Bounceguard setting")
            .hasMessageContaining("did you mean unroutableSender.enabled?");
        Properties system = new Properties();
        system.setProperty("bounceguard.unroutableSender.nxdomainCode", "550");
        assertThatThrownBy(() -> BounceguardSettings.of(Optional.empty(), system))
            .hasMessageContaining("bounceguard.unroutableSender.nxdomainCode");
    }
}
