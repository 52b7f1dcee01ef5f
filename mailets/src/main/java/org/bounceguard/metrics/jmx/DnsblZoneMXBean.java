package org.bounceguard.metrics.jmx;

/** {@code org.bounceguard:type=DnsblZone,name=<zone>}: one list's counters, health and switches. */
public interface DnsblZoneMXBean {
    String getZone();

    String getKind();

    boolean isEnabled();

    /** Why the zone is disabled (health check or operator), empty when enabled. */
    String getDisabledReason();

    long getQueries();

    long getListed();

    long getErrors();

    long getTimeouts();

    long getRefusals();

    /** ISO-8601 instant of the last health probe, empty before the first. */
    String getLastProbe();

    String getLastProbeResult();

    double getLatencyP50Millis();

    double getLatencyP95Millis();

    double getLatencyP99Millis();

    void disable(String reason);

    void enable();

    /** Probes the zone's RFC 5782 test points now and returns the outcome. */
    String probe();
}
