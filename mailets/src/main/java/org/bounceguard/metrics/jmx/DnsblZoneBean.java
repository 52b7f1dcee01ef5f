package org.bounceguard.metrics.jmx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneStateChanges;
import org.bounceguard.dnsbl.ZoneStatus;

/** One zone's MBean; every read asks the engine for the current status. */
public final class DnsblZoneBean implements DnsblZoneMXBean {
    private final DnsblEngine engine;
    private final String zone;
    private final ZoneStateChanges changes;

    public DnsblZoneBean(DnsblEngine engine, String zone, ZoneStateChanges changes) {
        this.engine = engine;
        this.zone = zone;
        this.changes = changes;
    }

    private ZoneStatus status() {
        return engine.zoneStatus(zone).orElseThrow(() -> new IllegalStateException("zone " + zone + " is not known to the engine"));
    }

    @Override
    public String getZone() {
        return zone;
    }

    @Override
    public String getKind() {
        return status().kind().name();
    }

    @Override
    public boolean isEnabled() {
        return status().enabled();
    }

    @Override
    public String getDisabledReason() {
        return status().disabledReason().orElse("");
    }

    @Override
    public long getQueries() {
        return status().queries();
    }

    @Override
    public long getListed() {
        return status().listed();
    }

    @Override
    public long getErrors() {
        return status().errors();
    }

    @Override
    public long getTimeouts() {
        return status().timeouts();
    }

    @Override
    public long getRefusals() {
        return status().refusals();
    }

    @Override
    public String getLastProbe() {
        return status().lastProbe().map(Object::toString).orElse("");
    }

    @Override
    public String getLastProbeResult() {
        return status().lastProbeResult().orElse("");
    }

    @Override
    public double getLatencyP50Millis() {
        return millis(status().latencyP50());
    }

    @Override
    public double getLatencyP95Millis() {
        return millis(status().latencyP95());
    }

    @Override
    public double getLatencyP99Millis() {
        return millis(status().latencyP99());
    }

    @Override
    public void disable(String reason) {
        changes.disable(zone, reason == null || reason.isBlank() ? "disabled by an operator over JMX" : reason);
    }

    @Override
    public void enable() {
        changes.enable(zone);
    }

    @Override
    public String probe() {
        try {
            ZoneStatus status = engine.probe(zone).get(30, TimeUnit.SECONDS);
            return (status.enabled() ? "enabled" : "disabled: " + status.disabledReason().orElse(""))
                + "; " + status.lastProbeResult().orElse("no result");
        } catch (Exception e) {
            return "probe failed: " + e;
        }
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
