package org.bounceguard.modules;

import java.time.Clock;

import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.utils.PropertiesProvider;
import org.bounceguard.backscatter.BackscattererEvidence;
import org.bounceguard.backscatter.BatvEvidence;
import org.bounceguard.backscatter.EvidenceSource;
import org.bounceguard.backscatter.LedgerEvidence;
import org.bounceguard.backscatter.RelayEvidence;
import org.bounceguard.backscatter.SrsEvidence;
import org.bounceguard.blobstore.BlobStoreOutboundLedger;
import org.bounceguard.cluster.SharedState;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerStore;
import org.bounceguard.services.OutboundLedgerService;
import org.bounceguard.services.SrsService;
import org.bounceguard.suppression.NdrQuotaStore;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.ProvidesIntoMap;
import com.google.inject.multibindings.StringMapKey;

/**
 * Bounceguard in James's injector, loaded by {@code guice.extension.module} in
 * {@code conf/extensions.properties}: {@code bounceguard.properties} read once into its typed
 * settings, and the named choices of the settings - evidence sources ({@code backscatter.evidence}),
 * ledger stores ({@code ledger.store}) and NDR quota stores ({@code ndr.rateLimit.store}) - as
 * Guice map bindings, the way James binds its blob stores. A new source or store is one class and
 * one binding under its name, from this module or another extension module:
 * {@code BounceguardModule.evidenceSources(binder()).addBinding("helo").to(HeloLooksForged.class)}.
 * The services themselves are singletons this injector creates on first use, one per James
 * server; time comes from James's {@link Clock}.
 */
public class BounceguardModule extends AbstractModule {
    /** The evidence sources {@code backscatter.evidence} may name, by name. */
    public static MapBinder<String, EvidenceSource> evidenceSources(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, EvidenceSource.class);
    }

    /** The ledger stores {@code ledger.store} may name, by name. */
    public static MapBinder<String, LedgerStore> ledgerStores(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, LedgerStore.class);
    }

    /** The NDR quota stores {@code ndr.rateLimit.store} may name, by name. */
    public static MapBinder<String, NdrQuotaStore> ndrQuotaStores(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, NdrQuotaStore.class);
    }

    @Override
    protected void configure() {
        evidenceSources(binder()).addBinding("batv").to(BatvEvidence.class);
        evidenceSources(binder()).addBinding("backscatterer").to(BackscattererEvidence.class);
        ledgerStores(binder());
        ndrQuotaStores(binder());
    }

    @Provides
    @Singleton
    BounceguardSettings settings(PropertiesProvider propertiesProvider) {
        return BounceguardSettings.read(propertiesProvider);
    }

    @ProvidesIntoMap
    @StringMapKey("relays")
    EvidenceSource relays(BounceguardSettings settings) {
        return new RelayEvidence(settings.backscatter().ownRelays().orElseThrow(() ->
            BounceguardSettings.invalid("backscatter.evidence", "relays", "the relays source needs backscatter.ownRelays")));
    }

    /** Asking for the source creates the ledger, so that a missing secret stops start-up rather than failing a bounce later. */
    @ProvidesIntoMap
    @StringMapKey("ledger")
    EvidenceSource ledger(BounceguardSettings settings, Provider<OutboundLedgerService> ledger) {
        if (!settings.ledger().enabled()) {
            throw BounceguardSettings.invalid("backscatter.evidence", "ledger", "the ledger source needs ledger.enabled=true");
        }
        return new LedgerEvidence(ledger.get());
    }

    /** Asking for the source creates the SRS service, so that a missing domain or secret stops start-up. */
    @ProvidesIntoMap
    @StringMapKey("srs")
    EvidenceSource srs(Provider<SrsService> srs) {
        SrsService service = srs.get();
        return new SrsEvidence(service::reverse);
    }

    @ProvidesIntoMap
    @StringMapKey("memory")
    LedgerStore memoryLedger(Clock clock) {
        return (key, policy) -> new InMemoryOutboundLedger(key, policy, clock);
    }

    /** James's blob store, looked up only when chosen: a server without one starts as long as another store is set. */
    @ProvidesIntoMap
    @StringMapKey("blobstore")
    LedgerStore blobStoreLedger(Injector injector, Clock clock) {
        return (key, policy) -> BlobStoreOutboundLedger.create(injector.getInstance(BlobStoreDAO.class),
            injector.getInstance(BlobId.Factory.class), key, policy, clock);
    }

    @ProvidesIntoMap
    @StringMapKey("redis")
    LedgerStore redisLedger(Provider<SharedState> sharedState) {
        return (key, policy) -> sharedState.get().ledger(key, policy);
    }

    @ProvidesIntoMap
    @StringMapKey("memory")
    NdrQuotaStore memoryNdrQuota() {
        return local -> local;
    }

    @ProvidesIntoMap
    @StringMapKey("redis")
    NdrQuotaStore redisNdrQuota(Provider<SharedState> sharedState) {
        return local -> sharedState.get().ndrQuota(local);
    }
}
