package org.bounceguard.james.jmx;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.EngineStats;
import org.bounceguard.dnsbl.Verdict;
import org.bounceguard.dnsbl.ZoneSpec;

import com.google.common.net.InetAddresses;

/** The engine's MBean: reads live statistics, acts on the engine directly. */
public final class DnsblEngineBean implements DnsblEngineMXBean {
    private final DnsblEngine engine;
    private final Supplier<Collection<ZoneSpec>> zonesInUse;

    public DnsblEngineBean(DnsblEngine engine, Supplier<Collection<ZoneSpec>> zonesInUse) {
        this.engine = engine;
        this.zonesInUse = zonesInUse;
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
        String candidate = clientAddress == null ? "" : clientAddress.trim();
        if (!InetAddresses.isInetAddress(candidate)) {
            return "'" + candidate + "' is not an IP address";
        }
        InetAddress address = InetAddresses.forString(candidate);
        List<ZoneSpec> ipZones = zonesInUse.get().stream()
            .filter(spec -> spec.kind() == org.bounceguard.dnsbl.ZoneKind.CLIENT_IP)
            .toList();
        // asked as a bounce so that safe-mode zones answer too (shown as safe=..., outside the score)
        Verdict verdict = engine.checkBlocking(new DnsblQuery(Optional.of(address), Optional.empty(), Optional.empty(), true), ipZones);
        return "client=" + address.getHostAddress() + "; " + verdict.summary();
    }
}
