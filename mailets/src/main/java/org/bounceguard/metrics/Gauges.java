package org.bounceguard.metrics;

import java.util.Locale;
import java.util.function.Supplier;

import org.apache.james.metrics.api.GaugeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes Bounceguard's counters as James metrics gauges (Dropwizard underneath, so they show in
 * WebAdmin's {@code GET /metrics} and James's dashboards). Gauges read the same live counters the
 * MBeans read: one source of truth, nothing counted twice.
 */
public final class Gauges {
    public static final Gauges NONE = new Gauges(null);
    private static final Logger LOGGER = LoggerFactory.getLogger(Gauges.class);

    private final GaugeRegistry registry;

    public Gauges(GaugeRegistry registry) {
        this.registry = registry;
    }

    /** {@code name} like {@code bounceguard_dnsbl_cache_size}; zone names are made metric-safe by the caller. */
    public <T> void register(String name, Supplier<T> value) {
        if (registry == null) {
            return;
        }
        try {
            registry.register(name, value::get);
        } catch (RuntimeException e) {
            // already registered (a second server in one JVM) or a registry that refuses: metrics never stop mail
            LOGGER.debug("Gauge {} not registered: {}", name, e.getMessage());
        }
    }

    /** {@code zen.spamhaus.org} → {@code zen_spamhaus_org}. */
    public static String safe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            safe.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return safe.toString();
    }
}
