package org.bounceguard.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.configuration2.BaseConfiguration;
import org.bounceguard.backscatter.EvidenceSource;
import org.bounceguard.backscatter.EvidenceSources;
import org.bounceguard.backscatter.IncomingBounce;
import org.bounceguard.backscatter.Signal;
import org.junit.jupiter.api.Test;

/** backscatter.evidence: which sources backscatter detection asks, and a new one named by its class. */
class EvidenceSourcesConfigurationTest {
    /** A signal of one's own: one class, named in the configuration. */
    public static final class HeloLooksForged implements EvidenceSource {
        @Override
        public String name() {
            return "helo";
        }

        @Override
        public Set<String> reasons() {
            return Set.of("helo-forged");
        }

        @Override
        public Signal examine(IncomingBounce bounce) {
            return Signal.reason("helo-forged");
        }
    }

    private static EvidenceSources sources(String... keysAndValues) {
        BaseConfiguration file = new BaseConfiguration();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            file.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return BackscatterService.sources(new BounceguardSettings(Optional.of(file), new Properties()), () -> {
            throw new AssertionError("the ledger is created only when a source needs it");
        });
    }

    @Test
    void byDefaultTheSourcesThatAreConfigured() {
        assertThat(sources().sources()).extracting(EvidenceSource::name).containsExactly("batv", "backscatterer");
        assertThat(sources("backscatter.ownRelays", "mx.example.org").sources()).extracting(EvidenceSource::name)
            .containsExactly("batv", "relays", "backscatterer");
    }

    @Test
    void aNewSignalIsOneClassNamedInTheConfiguration() {
        EvidenceSources sources = sources("backscatter.evidence", "batv " + HeloLooksForged.class.getName());

        assertThat(sources.sources()).extracting(EvidenceSource::name).containsExactly("batv", "helo");
        assertThat(sources.reasons()).contains("helo-forged", "batv-missing");
    }

    @Test
    void aSourceThatIsNotThereOrLacksItsSettingIsRefused() {
        assertThatThrownBy(() -> sources("backscatter.evidence", "batv, legder"))
            .hasMessageContaining("backscatter.evidence").hasMessageContaining("'legder'").hasMessageContaining("did you mean ledger?");
        assertThatThrownBy(() -> sources("backscatter.evidence", "relays"))
            .hasMessageContaining("backscatter.ownRelays");
        assertThatThrownBy(() -> sources("backscatter.evidence", "ledger"))
            .hasMessageContaining("ledger.enabled=true");
        assertThatThrownBy(() -> sources("backscatter.evidence", "org.example.NoSuchSource"))
            .hasMessageContaining("org.example.NoSuchSource").hasMessageContaining("public constructor");
    }
}
