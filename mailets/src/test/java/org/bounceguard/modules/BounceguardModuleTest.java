package org.bounceguard.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.bounceguard.backscatter.EvidenceSource;
import org.bounceguard.backscatter.IncomingBounce;
import org.bounceguard.backscatter.Signal;
import org.bounceguard.backscatter.batv.BatvKeys;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.LedgerStore;
import org.bounceguard.ledger.OutboundLedger;
import org.bounceguard.services.BackscatterService;
import org.bounceguard.services.BatvService;
import org.bounceguard.services.BounceStormService;
import org.bounceguard.services.NdrSuppressionService;
import org.bounceguard.services.OutboundLedgerService;
import org.bounceguard.storm.StormCount;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;

/** The module: settings read once, choices bound by name, James's clock, a new source or store as one class and one binding. */
class BounceguardModuleTest {
    private static final String BATV_KEY = "1:a module test batv key of some length";
    private static final String LEDGER_SECRET = "a module test ledger secret";

    /** A source of one's own, with a dependency Guice injects: what a site would write. */
    static final class HeloLooksForged implements EvidenceSource {
        private final BounceguardSettings settings;

        @Inject
        HeloLooksForged(BounceguardSettings settings) {
            this.settings = settings;
        }

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
            return settings.ledger().enabled() ? Signal.NONE : Signal.reason("helo-forged");
        }
    }

    /** A ledger store of one's own: in memory, counting how often it was opened. */
    static final class CountingStore implements LedgerStore {
        static final AtomicInteger OPENED = new AtomicInteger();
        private final Clock clock;

        @Inject
        CountingStore(Clock clock) {
            this.clock = clock;
        }

        @Override
        public OutboundLedger open(LedgerKey key, LedgerPolicy policy) {
            OPENED.incrementAndGet();
            return new InMemoryOutboundLedger(key, policy, clock);
        }
    }

    @Test
    void theSettingsAreReadOnceForTheWholeServer() {
        Injector injector = BounceguardInjector.of("dnsbl.deadline", "2s");

        assertThat(injector.getInstance(BounceguardSettings.class)).isSameAs(injector.getInstance(BounceguardSettings.class));
    }

    @Test
    void aNewEvidenceSourceIsOneClassAndOneBindingAndMayUseInjection() {
        Injector injector = BounceguardInjector.of(Clock.systemUTC(),
            binder -> BounceguardModule.evidenceSources(binder).addBinding("helo").to(HeloLooksForged.class),
            "backscatter.evidence", "batv helo");

        try (BackscatterService service = injector.getInstance(BackscatterService.class)) {
            assertThat(service.reasons()).contains("helo-forged", "batv-missing");
            // the bound source was built by Guice, its settings injected: no ledger, so it gives its reason
            assertThat(injector.getInstance(HeloLooksForged.class).examine(null)).isEqualTo(Signal.reason("helo-forged"));
        }
    }

    @Test
    void aNewLedgerStoreIsOneClassAndOneBinding() throws Exception {
        Injector injector = BounceguardInjector.of(Clock.systemUTC(),
            binder -> BounceguardModule.ledgerStores(binder).addBinding("counting").to(CountingStore.class),
            "ledger.enabled", "true", "ledger.secret", LEDGER_SECRET, "ledger.store", "counting");
        int before = CountingStore.OPENED.get();

        try (OutboundLedgerService ledger = injector.getInstance(OutboundLedgerService.class)) {
            assertThat(CountingStore.OPENED.get()).isEqualTo(before + 1);
            assertThat(ledger.record("<m1@example.org>", java.util.List.of("alice@example.org"), java.util.List.of("bob@remote.example"))).isTrue();
        }
    }

    @Test
    void aStoreNothingIsBoundUnderIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> BounceguardInjector.of("ndr.rateLimit.store", "postgres").getInstance(NdrSuppressionService.class))
            .hasMessageContaining("ndr.rateLimit.store").hasMessageContaining("'postgres'").hasMessageContaining("memory").hasMessageContaining("redis");
        assertThatThrownBy(() -> BounceguardInjector.of("ledger.secret", LEDGER_SECRET, "ledger.store", "blobstor")
                .getInstance(OutboundLedgerService.class))
            .hasMessageContaining("ledger.store").hasMessageContaining("did you mean blobstore?");
    }

    @Test
    void bounceStormsAreKeptInTheStoreStormStoreNames() {
        try (BounceStormService storms = BounceguardInjector.of("storm.threshold", "2").getInstance(BounceStormService.class)) {
            storms.storms().countUnproven("alice@example.org");
            assertThat(storms.storms().countUnproven("alice@example.org")).isEqualTo(StormCount.ENTERED);
            assertThat(storms.storms().recipientsInStorm()).containsOnlyKeys("alice@example.org");
        }
        assertThatThrownBy(() -> BounceguardInjector.of("storm.store", "redis").getInstance(BounceStormService.class))
            .hasMessageContaining("storm.store = 'redis' needs redis.url");
        assertThatThrownBy(() -> BounceguardInjector.of("storm.store", "memcache").getInstance(BounceStormService.class))
            .hasMessageContaining("storm.store").hasMessageContaining("'memcache'").hasMessageContaining("memory, redis");
        assertThatThrownBy(() -> BounceguardInjector.of("storm.treshold", "2"))
            .hasMessageContaining("did you mean storm.threshold?");
    }

    @Test
    void timeIsJamesClock() {
        Clock longAgo = Clock.fixed(Instant.parse("2020-02-03T10:00:00Z"), ZoneOffset.UTC);
        BatvService bound = BounceguardInjector.of(longAgo, binder -> { }, "batv.keys", BATV_KEY).getInstance(BatvService.class);

        BatvService sameDay = new BatvService(BatvKeys.parse(BATV_KEY), 7, Set.of(), longAgo);
        BatvService today = new BatvService(BatvKeys.parse(BATV_KEY), 7, Set.of(), Clock.systemUTC());
        assertThat(bound.sign("alice@example.org")).isEqualTo(sameDay.sign("alice@example.org"))
            .isNotEqualTo(today.sign("alice@example.org"));
    }
}
