package org.bounceguard.modules;

import java.time.Clock;
import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.bounceguard.configuration.BounceguardSettings;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;

/** {@link BounceguardModule} in an injector of its own, with what James's root injector would give it. */
public final class BounceguardInjector {
    private BounceguardInjector() {
    }

    /** Settings from keys and values, James's parts stubbed, {@code extensions} as further extension modules. */
    public static Injector of(Clock clock, Module extensions, String... keysAndValues) {
        BaseConfiguration file = new BaseConfiguration();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            file.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        BounceguardSettings settings = BounceguardSettings.of(Optional.of(file));
        Module james = binder -> {
            binder.bind(Clock.class).toInstance(clock);
            binder.bind(GaugeRegistry.class).toInstance(new NoopGaugeRegistry());
        };
        Module withSettings = Modules.override(new BounceguardModule()).with(binder -> binder.bind(BounceguardSettings.class).toInstance(settings));
        return Guice.createInjector(james, withSettings, extensions);
    }

    public static Injector of(String... keysAndValues) {
        return of(Clock.systemUTC(), binder -> { }, keysAndValues);
    }
}
