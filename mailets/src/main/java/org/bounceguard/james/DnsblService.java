package org.bounceguard.james;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.management.ObjectName;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.ZoneKind;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.james.jmx.DnsblEngineBean;
import org.bounceguard.james.jmx.DnsblZoneBean;
import org.bounceguard.james.jmx.MBeans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one DNSBL engine of a James server (one cache, one health monitor), shared by every
 * Bounceguard matcher, mailet and SMTP hook.
 *
 * <p>It needs no Guice module: it is a {@code @Singleton} whose dependencies all live in James's
 * root injector, so Guice creates it there, once, the first time an extension asks for it; James
 * calls {@link #close()} ({@code @PreDestroy}) when the server stops.
 */
@Singleton
public class DnsblService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblService.class);

    private final DnsblEngine engine;
    private final MBeans mbeans = new MBeans();
    private final Set<ZoneSpec> zonesInUse = ConcurrentHashMap.newKeySet();

    @Inject
    public DnsblService(BounceguardSettings settings) {
        this(settings.applyTo(DnsblEngine.builder()).build());
        LOGGER.info("Bounceguard DNSBL engine started");
    }

    public static DnsblService forTesting(DnsblEngine engine) {
        return new DnsblService(engine);
    }

    private DnsblService(DnsblEngine engine) {
        this.engine = engine;
        mbeans.register(MBeans.name("DnsblEngine"), new DnsblEngineBean(engine, () -> List.copyOf(zonesInUse)));
    }

    public DnsblEngine engine() {
        return engine;
    }

    /** Starts health monitoring of the zones a matcher or mailet uses. */
    public synchronized void watch(Collection<ZoneSpec> zones) {
        zonesInUse.addAll(zones);
        engine.watch(zones);
        for (ZoneSpec zone : zones) {
            ObjectName name = MBeans.name("DnsblZone", zone.zone());
            if (!mbeans.isRegistered(name)) {
                mbeans.register(name, new DnsblZoneBean(engine, zone.zone()));
            }
        }
    }

    /**
     * Starts looking a client up in every client-IP zone in use, without waiting: the answers
     * land in the engine's cache, where the mail's own check later finds them.
     */
    public void prefetch(InetAddress client) {
        List<ZoneSpec> ipZones = zonesInUse.stream()
            .filter(zone -> zone.kind() == ZoneKind.CLIENT_IP && !zone.safeMode())
            .toList();
        if (!ipZones.isEmpty()) {
            engine.check(new DnsblQuery(Optional.of(client), Optional.empty(), Optional.empty(), false), ipZones);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
        engine.close();
    }
}
