package org.bounceguard.services;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.configuration.VerifySettings;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.metrics.jmx.RecipientVerificationMXBean;
import org.bounceguard.net.Addresses;
import org.bounceguard.verify.CachedVerdict;
import org.bounceguard.verify.RecipientVerifier;
import org.bounceguard.verify.SmtpProbe;
import org.bounceguard.verify.VerificationCounters;
import org.bounceguard.verify.VerificationStore;

/**
 * The one {@link RecipientVerifier} of a James server ({@code verify.*}), its answers kept in the
 * store {@code verify.store} names, published as the {@code RecipientVerification} MBean and the
 * {@code bounceguard_verify_*} gauges.
 */
@Singleton
public class RecipientVerificationService implements AutoCloseable {
    private static final String GAUGE_PREFIX = "bounceguard_verify_";

    private final RecipientVerifier verifier;
    private final MBeans mbeans = new MBeans();

    @Inject
    public RecipientVerificationService(BounceguardSettings settings, Clock clock, GaugeRegistry gaugeRegistry,
                                        Map<String, Provider<VerificationStore>> stores) {
        this(verifier(settings.verify(), clock, stores), new Gauges(gaugeRegistry));
    }

    public RecipientVerificationService(RecipientVerifier verifier, Gauges gauges) {
        this.verifier = verifier;
        mbeans.register(MBeans.name("RecipientVerification"), new Bean());
        gauges.register(GAUGE_PREFIX + "probes", () -> counters().probes());
        gauges.register(GAUGE_PREFIX + "cache_hits", () -> counters().cacheHits());
        gauges.register(GAUGE_PREFIX + "accepted", () -> counters().accepted());
        gauges.register(GAUGE_PREFIX + "refused", () -> counters().refused());
        gauges.register(GAUGE_PREFIX + "deferred", () -> counters().deferred());
        gauges.register(GAUGE_PREFIX + "accepted_accept_all", () -> counters().acceptAllSkipped());
        gauges.register(GAUGE_PREFIX + "failed_open", () -> counters().failedOpen());
        gauges.register(GAUGE_PREFIX + "client_limited", () -> counters().clientLimited());
        gauges.register(GAUGE_PREFIX + "breaker_opened", () -> counters().breakerOpened());
        gauges.register(GAUGE_PREFIX + "accept_all_domains", verifier::acceptAllDomains);
        gauges.register(GAUGE_PREFIX + "open_breakers", verifier::openBreakers);
    }

    private static RecipientVerifier verifier(VerifySettings settings, Clock clock, Map<String, Provider<VerificationStore>> stores) {
        VerificationStore store = BounceguardSettings.choose("verify.store", settings.store(), stores);
        return new RecipientVerifier(settings.policy(), store,
            new SmtpProbe(settings.policy().heloName(), settings.policy().probeSender(), settings.policy().timeout()), clock);
    }

    public RecipientVerifier verifier() {
        return verifier;
    }

    private VerificationCounters.Snapshot counters() {
        return verifier.counters().snapshot();
    }

    /** What is remembered about one address. */
    public Optional<CachedVerdict> lookUp(String address) {
        return verifier.store().get(Addresses.fold(address));
    }

    /** Forgets one address, so that its next RCPT probes again; whether it was remembered. */
    public boolean forget(String address) {
        return verifier.store().forget(Addresses.fold(address));
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
    }

    private final class Bean implements RecipientVerificationMXBean {
        @Override
        public long getProbes() {
            return counters().probes();
        }

        @Override
        public long getCacheHits() {
            return counters().cacheHits();
        }

        @Override
        public long getAccepted() {
            return counters().accepted();
        }

        @Override
        public long getRefused() {
            return counters().refused();
        }

        @Override
        public long getDeferred() {
            return counters().deferred();
        }

        @Override
        public long getAcceptedAcceptAll() {
            return counters().acceptAllSkipped();
        }

        @Override
        public long getFailedOpen() {
            return counters().failedOpen();
        }

        @Override
        public long getClientLimited() {
            return counters().clientLimited();
        }

        @Override
        public long getBreakerOpened() {
            return counters().breakerOpened();
        }

        @Override
        public long getAcceptAllDomains() {
            return verifier.acceptAllDomains();
        }

        @Override
        public long getOpenBreakers() {
            return verifier.openBreakers();
        }

        @Override
        public Map<String, String> getBreakerStates() {
            Map<String, String> states = new LinkedHashMap<>();
            verifier.breakerStates().forEach((backend, state) -> states.put(backend.toString(), state.name()));
            return states;
        }

        @Override
        public String lookUp(String address) {
            return address == null ? "not remembered" : RecipientVerificationService.this.lookUp(address)
                .map(verdict -> verdict.accepted() ? "accepted" : "refused: " + verdict.code() + " " + verdict.text())
                .orElse("not remembered");
        }

        @Override
        public boolean forget(String address) {
            return address != null && RecipientVerificationService.this.forget(address);
        }
    }
}
