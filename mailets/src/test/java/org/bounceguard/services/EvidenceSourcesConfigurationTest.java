package org.bounceguard.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import javax.inject.Provider;

import org.bounceguard.backscatter.EvidenceSource;
import org.bounceguard.backscatter.EvidenceSources;
import org.bounceguard.backscatter.IncomingBounce;
import org.bounceguard.backscatter.Signal;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.modules.BounceguardInjector;
import org.bounceguard.modules.BounceguardModule;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;

/** backscatter.evidence: which sources backscatter detection asks, and a new one bound under its name. */
class EvidenceSourcesConfigurationTest {
    /** A signal of one's own: one class, bound under a name in a Guice module, that name in the configuration. */
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
        Injector injector = BounceguardInjector.of(Clock.systemUTC(), binder -> {
            BounceguardModule.evidenceSources(binder).addBinding("helo").to(HeloLooksForged.class);
            binder.bind(OutboundLedgerService.class).toProvider(() -> {
                throw new AssertionError("the ledger is created only when a source needs it");
            });
        }, keysAndValues);
        return BackscatterService.sources(injector.getInstance(BounceguardSettings.class),
            injector.getInstance(Key.get(new TypeLiteral<Map<String, Provider<EvidenceSource>>>() { })));
    }

    @Test
    void byDefaultTheSourcesThatAreConfigured() {
        assertThat(sources().sources()).extracting(EvidenceSource::name).containsExactly("batv", "backscatterer");
        assertThat(sources("backscatter.ownRelays", "mx.example.org").sources()).extracting(EvidenceSource::name)
            .containsExactly("batv", "relays", "backscatterer");
    }

    @Test
    void aNewSignalIsOneClassBoundUnderTheNameTheConfigurationGives() {
        EvidenceSources sources = sources("backscatter.evidence", "batv helo");

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
        assertThatThrownBy(() -> sources("backscatter.evidence", HeloLooksForged.class.getName()))
            .hasMessageContaining(HeloLooksForged.class.getName()).hasMessageContaining("addBinding(\"<name>\")");
    }
}
