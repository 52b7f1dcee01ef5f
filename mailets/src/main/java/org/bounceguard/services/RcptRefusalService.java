package org.bounceguard.services;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.dnsbl.RcptRefusalCounters;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.metrics.jmx.RcptRefusalMXBean;

/**
 * The one {@link RcptRefusalCounters} of a James server, fed by every {@code DnsblRcptRefusal}
 * declaration of every listener, published as the {@code RcptRefusal} MBean and as
 * {@code bounceguard_rcpt_refusal_*} gauges.
 */
@Singleton
public class RcptRefusalService implements AutoCloseable {
    private static final String GAUGE_PREFIX = "bounceguard_rcpt_refusal_";

    private final RcptRefusalCounters counters = new RcptRefusalCounters();
    private final MBeans mbeans = new MBeans();
    private final Gauges gauges;

    @Inject
    public RcptRefusalService(GaugeRegistry gaugeRegistry) {
        this(new Gauges(gaugeRegistry));
    }

    RcptRefusalService(Gauges gauges) {
        this.gauges = gauges;
        mbeans.register(MBeans.name("RcptRefusal"), new Bean());
        gauges.register(GAUGE_PREFIX + "checked", () -> counters.snapshot().checked());
        gauges.register(GAUGE_PREFIX + "refused", () -> counters.snapshot().refused());
        gauges.register(GAUGE_PREFIX + "deferred", () -> counters.snapshot().deferred());
        gauges.register(GAUGE_PREFIX + "failed_open", () -> counters.snapshot().failedOpen());
        gauges.register(GAUGE_PREFIX + "accepted_role_account", () -> counters.snapshot().roleAccount());
        gauges.register(GAUGE_PREFIX + "accepted_trusted_client", () -> counters.snapshot().trustedClient());
    }

    /** The counters a hook feeds. */
    public RcptRefusalCounters counters() {
        return counters;
    }

    /** Counts refusals per zone for these zones (display names), each also as a gauge. */
    public synchronized void addZones(Collection<String> zones) {
        Set<String> known = Set.copyOf(counters.zones());
        counters.addZones(zones);
        for (String zone : counters.zones()) {
            if (known.contains(zone)) {
                continue;
            }
            gauges.register(GAUGE_PREFIX + "zone_" + Gauges.safe(zone) + "_refused", () -> counters.snapshot().refusedBy(zone));
        }
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
    }

    private final class Bean implements RcptRefusalMXBean {
        @Override
        public long getChecked() {
            return counters.snapshot().checked();
        }

        @Override
        public long getRefused() {
            return counters.snapshot().refused();
        }

        @Override
        public long getDeferred() {
            return counters.snapshot().deferred();
        }

        @Override
        public long getFailedOpen() {
            return counters.snapshot().failedOpen();
        }

        @Override
        public long getAcceptedRoleAccount() {
            return counters.snapshot().roleAccount();
        }

        @Override
        public long getAcceptedTrustedClient() {
            return counters.snapshot().trustedClient();
        }

        @Override
        public Map<String, Long> getRefusedByZone() {
            return counters.snapshot().refusedByZone();
        }

        @Override
        public long refusedBy(String zone) {
            return zone == null ? 0 : counters.snapshot().refusedBy(zone);
        }
    }
}
