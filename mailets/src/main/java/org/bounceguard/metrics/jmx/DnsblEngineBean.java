package org.bounceguard.metrics.jmx;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.EngineStats;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.net.IpLiterals;

/** The engine's MBean: reads live statistics, acts on the engine directly. */
public final class DnsblEngineBean implements DnsblEngineMXBean {
    private final DnsblEngine engine;
    private final Supplier<Collection<ZoneSpec>> zonesInUse;
    private final Function<InetAddress, DnsblFinding> lookup;

    /** @param lookup the operator's look-up of one client, as the DNSBL service runs it */
    public DnsblEngineBean(DnsblEngine engine, Supplier<Collection<ZoneSpec>> zonesInUse, Function<InetAddress, DnsblFinding> lookup) {
        this.engine = engine;
        this.zonesInUse = zonesInUse;
        this.lookup = lookup;
    }

    @Override
    public long getCacheSize() {
        return engine.stats().cacheSize();
    }

    @Override
    public long getCacheHits() {
        return engine.stats().cacheHits();
    }

    @Override
    public long getCacheMisses() {
        return engine.stats().cacheMisses();
    }

    @Override
    public double getCacheHitRatio() {
        EngineStats stats = engine.stats();
        return stats.hitRatio();
    }

    @Override
    public int getInFlightLookups() {
        return engine.stats().inFlight();
    }

    @Override
    public Map<String, Long> getSpoofedAnswers() {
        Map<String, Long> spoofed = new TreeMap<>();
        engine.answerMismatches().forEach(server ->
            spoofed.put(server.server().getAddress().getHostAddress() + ":" + server.server().getPort(), server.spoofed()));
        return spoofed;
    }

    @Override
    public String[] getZones() {
        return zonesInUse.get().stream().map(ZoneSpec::zone).distinct().sorted().toArray(String[]::new);
    }

    @Override
    public void flushCache() {
        engine.flushCache();
    }

    @Override
    public String lookup(String clientAddress) {
        return IpLiterals.parse(clientAddress)
            .map(address -> lookup.apply(address).summary())
            .orElseGet(() -> "'" + (clientAddress == null ? "" : clientAddress.trim()) + "' is not an IP address");
    }
}
