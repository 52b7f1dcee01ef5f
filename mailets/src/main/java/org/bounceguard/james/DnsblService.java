package org.bounceguard.james;

import java.io.FileNotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.management.ObjectName;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.bounceguard.dnsbl.DnsblEngine;
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
    public DnsblService(PropertiesProvider propertiesProvider) {
        this(EngineSettings.of(readSettingsFile(propertiesProvider)));
    }

    DnsblService(EngineSettings settings) {
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

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
        engine.close();
    }

    private static Optional<Configuration> readSettingsFile(PropertiesProvider propertiesProvider) {
        try {
            return Optional.of(propertiesProvider.getConfiguration("bounceguard"));
        } catch (FileNotFoundException e) {
            LOGGER.info("No {} in James's configuration directory: Bounceguard uses its defaults", EngineSettings.FILE);
            return Optional.empty();
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(EngineSettings.FILE + " cannot be read: " + e.getMessage(), e);
        }
    }
}
