package org.bounceguard.srs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.bounceguard.configuration.BounceguardSettings;
import org.junit.jupiter.api.Test;

/** The srs.* settings as BounceguardSettings reads them. */
class SrsSettingsTest {
    private static BounceguardSettings settings(String... keysAndValues) {
        BaseConfiguration configuration = new BaseConfiguration();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            configuration.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return BounceguardSettings.of(Optional.of(configuration));
    }

    @Test
    void offUnlessADomainIsSetAndThenTheCodecCarriesTheSettings() {
        assertThat(settings().srs().enabled()).isFalse();
        assertThat(settings().srs().maxAgeDays()).isEqualTo(21);

        SrsCodec codec = settings("srs.domain", "SRS.Example.org.", "srs.keys", "the srs secret of this test", "srs.maxAgeDays", "10")
            .srs().requiredCodec();

        assertThat(codec.domain()).isEqualTo("srs.example.org");
        assertThat(codec.maxAgeDays()).isEqualTo(10);
    }

    @Test
    void theDefaultEvidenceSourcesEndWithSrsWhenItIsOn() {
        BounceguardSettings on = settings("srs.domain", "srs.example.org");

        assertThat(on.backscatter().sourceNames(false, on.srs().enabled())).containsExactly("batv", "backscatterer", "srs");
        assertThat(settings().backscatter().sourceNames(false, false)).containsExactly("batv", "backscatterer");
    }

    @Test
    void missingOrBadValuesNameTheirKeyAndNeverTheSecret() {
        assertThatThrownBy(() -> settings("srs.keys", "the srs secret of this test").srs().requiredCodec())
            .hasMessageContaining("srs.domain is required");
        assertThatThrownBy(() -> settings("srs.domain", "srs.example.org").srs().requiredCodec())
            .hasMessageContaining("srs.keys is required");
        assertThatThrownBy(() -> settings("srs.keys", "short-secret"))
            .hasMessageContaining("srs.keys").satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-secret"));
        assertThatThrownBy(() -> settings("srs.maxAgeDays", "400")).hasMessageContaining("srs.maxAgeDays");
        assertThatThrownBy(() -> settings("srs.domain", "not a domain")).hasMessageContaining("srs.domain");
        assertThatThrownBy(() -> settings("srs.maxAgeDay", "10")).hasMessageContaining("did you mean srs.maxAgeDays");
        assertThat(settings("srs.domain", "srs.example.org", "srs.keys", "the srs secret of this test").toString())
            .doesNotContain("the srs secret of this test");
    }
}
