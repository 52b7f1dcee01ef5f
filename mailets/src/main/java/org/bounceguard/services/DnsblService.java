package org.bounceguard.services;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.management.ObjectName;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.cluster.SharedState;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.ZoneKeys;
import org.bounceguard.dnsbl.ZoneKind;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.dnsbl.ZoneStateChanges;
import org.bounceguard.dnsbl.ZoneStatus;
import org.bounceguard.findings.ClientCheck;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.DnsblEngineBean;
import org.bounceguard.metrics.jmx.DnsblZoneBean;
import org.bounceguard.metrics.jmx.MBeans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one DNSBL engine of a James server (one cache, one health monitor), shared by every
 * Bounceguard matcher, mailet and SMTP hook.
 *
 * <p>A {@code @Singleton} of the injector {@code BounceguardModule} is installed in: Guice creates
 * it once, the first time an extension asks for it; James calls {@link #close()}
 * ({@code @PreDestroy}) when the server stops.
 */
@Singleton
public class DnsblService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblService.class);

    private final DnsblEngine engine;
    private final ZoneKeys zoneKeys;
    private final MBeans mbeans = new MBeans();
    private final Set<ZoneSpec> zonesInUse = ConcurrentHashMap.newKeySet();

    private final Gauges gauges;
    private final ZoneStateChanges zoneStateChanges;
    private final AtomicReference<SessionCheck> sessionCheck = new AtomicReference<>();
    /** What {@link #prefetch} asks on every SMTP connection, kept ready as {@link #watch} learns zones. */
    private volatile List<ZoneSpec> prefetchZones = List.of();

    @Inject
    public DnsblService(BounceguardSettings settings, GaugeRegistry gaugeRegistry, SharedState sharedState, Clock clock) {
        this(settings.applyTo(DnsblEngine.builder()).clock(clock).build(), settings.dnsbl().zoneKeys(), new Gauges(gaugeRegistry), sharedState::zoneStateChanges);
        LOGGER.info("Bounceguard DNSBL engine started");
    }

    /** A single server's engine, zone decisions on this node only (benchmarks, tools). */
    public DnsblService(BounceguardSettings settings, GaugeRegistry gaugeRegistry) {
        this(settings.applyTo(DnsblEngine.builder()).build(), settings.dnsbl().zoneKeys(), new Gauges(gaugeRegistry), ZoneStateChanges::local);
    }

    public static DnsblService forTesting(DnsblEngine engine) {
        return forTesting(engine, ZoneKeys.NONE);
    }

    public static DnsblService forTesting(DnsblEngine engine, ZoneKeys zoneKeys) {
        return new DnsblService(engine, zoneKeys, Gauges.NONE, ZoneStateChanges::local);
    }

    private DnsblService(DnsblEngine engine, ZoneKeys zoneKeys, Gauges gauges, Function<DnsblEngine, ZoneStateChanges> zoneStateChanges) {
        this.engine = engine;
        this.zoneKeys = zoneKeys;
        this.gauges = gauges;
        this.zoneStateChanges = zoneStateChanges.apply(engine);
        mbeans.register(MBeans.name("DnsblEngine"), new DnsblEngineBean(engine, () -> List.copyOf(zonesInUse), this::checkForOperator));
        gauges.register("bounceguard_dnsbl_cache_size", () -> engine.stats().cacheSize());
        gauges.register("bounceguard_dnsbl_cache_hits", () -> engine.stats().cacheHits());
        gauges.register("bounceguard_dnsbl_cache_misses", () -> engine.stats().cacheMisses());
        gauges.register("bounceguard_dnsbl_inflight", () -> engine.stats().inFlight());
    }

    /** Where an operator's zone decision applies: this node, or every node sharing the Redis. */
    public ZoneStateChanges zoneStateChanges() {
        return zoneStateChanges;
    }

    public DnsblEngine engine() {
        return engine;
    }

    /** The keys zone specs of this server name as {@code {name}} (dnsbl.keys, dnsbl.keysFile). */
    public ZoneKeys zoneKeys() {
        return zoneKeys;
    }

    /** Every zone spec a matcher, mailet or hook of this server uses. */
    public List<ZoneSpec> zonesInUse() {
        return List.copyOf(zonesInUse);
    }

    /** Starts health monitoring of the zones a matcher or mailet uses. */
    public synchronized void watch(Collection<ZoneSpec> zones) {
        zonesInUse.addAll(zones);
        prefetchZones = clientZones(false);
        engine.watch(zones);
        for (ZoneSpec zone : zones) {
            ObjectName name = MBeans.name("DnsblZone", zone.zone());
            if (!mbeans.isRegistered(name)) {
                mbeans.register(name, new DnsblZoneBean(engine, zone.zone(), zoneStateChanges));
                registerZoneGauges(zone.zone());
            }
        }
    }

    private void registerZoneGauges(String zone) {
        String prefix = "bounceguard_dnsbl_zone_" + Gauges.safe(zone) + "_";
        gauges.register(prefix + "queries", () -> status(zone).queries());
        gauges.register(prefix + "listed", () -> status(zone).listed());
        gauges.register(prefix + "errors", () -> status(zone).errors());
        gauges.register(prefix + "timeouts", () -> status(zone).timeouts());
        gauges.register(prefix + "refusals", () -> status(zone).refusals());
        gauges.register(prefix + "enabled", () -> status(zone).enabled() ? 1 : 0);
        gauges.register(prefix + "latency_p99_ms", () -> status(zone).latencyP99().toMillis());
    }

    private ZoneStatus status(String zone) {
        return engine.zoneStatus(zone).orElseThrow();
    }

    /**
     * Starts looking a client up in every client-IP zone in use, without waiting: the engine's
     * check, its verdict ignored; the answers land in the engine's cache, where the mail's own
     * check later finds them. Safe-mode zones wait for the mail: whether it is a bounce is only
     * known at MAIL FROM.
     */
    public void prefetch(InetAddress client) {
        List<ZoneSpec> ipZones = prefetchZones;
        if (!ipZones.isEmpty()) {
            engine.check(DnsblRequest.of(DnsblQuery.client(client), ipZones));
        }
    }

    /**
     * Offers the check that the SMTP session should run before the mail is queued (see
     * {@code DnsblVerdictHook}); the first {@code DnsblCheck} of the mailet container wins.
     */
    public void offerSessionCheck(SessionCheck check) {
        sessionCheck.compareAndSet(null, check);
    }

    public Optional<SessionCheck> sessionCheck() {
        return Optional.ofNullable(sessionCheck.get());
    }

    /**
     * The operator's look-up of one client (JMX): every client-IP zone in use, asked as about a
     * bounce so that safe-mode zones answer too (shown as {@code safe=...}, outside the score).
     */
    public DnsblFinding checkForOperator(InetAddress client) {
        DnsblQuery asBounce = new DnsblQuery(Optional.of(client), Optional.empty(), Optional.empty(), true);
        return new DnsblFinding(ClientCheck.checked(client), engine.checkBlocking(DnsblRequest.of(asBounce, clientZones(true))));
    }

    private List<ZoneSpec> clientZones(boolean withSafeMode) {
        return zonesInUse.stream()
            .filter(zone -> zone.kind() == ZoneKind.CLIENT_IP && (withSafeMode || !zone.safeMode()))
            .toList();
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
        engine.close();
    }
}
