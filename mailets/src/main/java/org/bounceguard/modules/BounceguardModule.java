package org.bounceguard.modules;

import java.time.Clock;

import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.utils.PropertiesProvider;
import org.bounceguard.backscatter.BackscattererEvidenceSource;
import org.bounceguard.backscatter.BatvEvidenceSource;
import org.bounceguard.backscatter.EvidenceSource;
import org.bounceguard.backscatter.LedgerEvidenceSource;
import org.bounceguard.backscatter.RelayEvidenceSource;
import org.bounceguard.backscatter.SrsEvidenceSource;
import org.bounceguard.blobstore.BlobStoreOutboundLedger;
import org.bounceguard.cluster.SharedState;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.configuration.UnroutableSenderSettings;
import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerStore;
import org.bounceguard.services.OutboundLedgerService;
import org.bounceguard.services.SrsService;
import org.bounceguard.storm.StormStores;
import org.bounceguard.suppression.NdrQuotaStore;
import org.bounceguard.verify.MemoryVerificationStore;
import org.bounceguard.verify.VerificationStore;

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

    /** The bounce storm stores {@code storm.store} may name, by name. */
    public static MapBinder<String, StormStores> stormStores(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, StormStores.class);
    }

    /** The stores {@code verify.store} may name, by name. */
    public static MapBinder<String, VerificationStore> verificationStores(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, VerificationStore.class);
    }

    @Override
    protected void configure() {
        evidenceSources(binder()).addBinding("batv").to(BatvEvidenceSource.class);
        evidenceSources(binder()).addBinding("backscatterer").to(BackscattererEvidenceSource.class);
        ledgerStores(binder());
        ndrQuotaStores(binder());
        stormStores(binder());
        verificationStores(binder());
    }

    @Provides
    @Singleton
    BounceguardSettings settings(PropertiesProvider propertiesProvider) {
        return BounceguardSettings.read(propertiesProvider);
    }

    @Provides
    UnroutableSenderSettings unroutableSender(BounceguardSettings settings) {
        return settings.unroutableSender();
    }

    @ProvidesIntoMap
    @StringMapKey("relays")
    EvidenceSource relays(BounceguardSettings settings) {
        return new RelayEvidenceSource(settings.backscatter().ownRelays().orElseThrow(() ->
            BounceguardSettings.invalid("backscatter.evidence", "relays", "the relays source needs backscatter.ownRelays")));
    }

    /** Asking for the source creates the ledger, so that a missing secret stops start-up rather than failing a bounce later. */
    @ProvidesIntoMap
    @StringMapKey("ledger")
    EvidenceSource ledger(BounceguardSettings settings, Provider<OutboundLedgerService> ledger) {
        if (!settings.ledger().enabled()) {
            throw BounceguardSettings.invalid("backscatter.evidence", "ledger", "the ledger source needs ledger.enabled=true");
        }
        return new LedgerEvidenceSource(ledger.get());
    }

    /** Asking for the source creates the SRS service, so that a missing domain or secret stops start-up. */
    @ProvidesIntoMap
    @StringMapKey("srs")
    EvidenceSource srs(Provider<SrsService> srs) {
        SrsService service = srs.get();
        return new SrsEvidenceSource(service::reverse);
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

    @ProvidesIntoMap
    @StringMapKey("memory")
    StormStores memoryStormStore() {
        return (policy, local) -> local;
    }

    @ProvidesIntoMap
    @StringMapKey("memory")
    VerificationStore memoryVerificationStore(BounceguardSettings settings, Clock clock) {
        return new MemoryVerificationStore(settings.verify().policy().cacheMaximumSize(), clock);
    }

    @ProvidesIntoMap
    @StringMapKey("redis")
    StormStores redisStormStore(Provider<SharedState> sharedState) {
        return (policy, local) -> sharedState.get().stormStore(policy, local);
    }

    @ProvidesIntoMap
    @StringMapKey("redis")
    VerificationStore redisVerificationStore(Provider<SharedState> sharedState) {
        return sharedState.get().verificationStore();
    }
}
