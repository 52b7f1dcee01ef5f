package org.bounceguard.services;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.configuration.NdrSettings;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.InputBoundsMetrics;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.metrics.jmx.NdrSuppressionMXBean;
import org.bounceguard.suppression.NdrDecision;
import org.bounceguard.suppression.NdrQuota;
import org.bounceguard.suppression.NdrQuotaStore;
import org.bounceguard.suppression.NdrRecipient;
import org.bounceguard.suppression.SenderDomainCheck;
import org.bounceguard.suppression.SuppressionCounters;
import org.bounceguard.suppression.SuppressionReason;

/**
 * What every guarded bounce mailet of one James server shares: the per-destination NDR rate
 * limit (in memory per node, or on the shared Redis), the counters, the server's sender-domain check
 * ({@link SenderDomainService}) and their MBean.
 */
@Singleton
public class NdrSuppressionService implements AutoCloseable {
    private final NdrQuota rateLimiter;
    private final SuppressionCounters counters = new SuppressionCounters();
    private final SenderDomainCheck senderDomainCheck;
    private final MBeans mbeans = new MBeans();

    @Inject
    public NdrSuppressionService(BounceguardSettings settings, GaugeRegistry gaugeRegistry, Map<String, Provider<NdrQuotaStore>> stores,
                                 SenderDomainService senderDomains) {
        this(quota(settings.ndr(), stores), senderDomains.check(), new Gauges(gaugeRegistry));
    }

    public NdrSuppressionService(NdrQuota rateLimiter, SenderDomainCheck senderDomainCheck, Gauges gauges) {
        this.rateLimiter = rateLimiter;
        this.senderDomainCheck = senderDomainCheck;
        mbeans.register(MBeans.name("NdrSuppression"), new Bean());
        InputBoundsMetrics.register(mbeans, gauges);
        gauges.register("bounceguard_ndr_sent", () -> counters.snapshot().sent());
        gauges.register("bounceguard_ndr_suppressed", () -> counters.snapshot().suppressedTotal());
        for (SuppressionReason reason : SuppressionReason.values()) {
            gauges.register("bounceguard_ndr_suppressed_" + Gauges.safe(reason.code()), () -> counters.snapshot().suppressed(reason));
        }
    }

    /** The store {@code ndr.rateLimit.store} names, over this node's limiter. */
    private static NdrQuota quota(NdrSettings settings, Map<String, Provider<NdrQuotaStore>> stores) {
        return BounceguardSettings.choose("ndr.rateLimit.store", settings.store(), stores).open(settings.rateLimiter().build());
    }

    /** Takes one NDR from the destination's quota; false when the quota is used up. */
    public boolean tryAcquire(MailAddress ndrRecipient) {
        try {
            return rateLimiter.tryAcquire(new NdrRecipient(ndrRecipient.getLocalPart(), ndrRecipient.getDomain().asString()));
        } catch (IllegalArgumentException e) {
            // an address the limiter cannot key on is not ours to refuse here; the guard judged it
            return true;
        }
    }

    public Optional<Boolean> isRoutable(Domain domain) {
        return senderDomainCheck.isRoutable(domain.asString());
    }

    public void recordSent() {
        counters.recordSent();
    }

    public void recordSuppressed(NdrDecision decision) {
        counters.recordSuppressed(decision);
    }

    public void recordRateLimited() {
        counters.recordRateLimited();
    }

    public SuppressionCounters.Snapshot snapshot() {
        return counters.snapshot();
    }

    @PreDestroy
    @Override
    public void close() {
        // the sender-domain check is the server's (SenderDomainService), closed there
        mbeans.close();
    }

    private final class Bean implements NdrSuppressionMXBean {
        @Override
        public long getNdrsSent() {
            return counters.snapshot().sent();
        }

        @Override
        public long getNdrsSuppressed() {
            return counters.snapshot().suppressedTotal();
        }

        @Override
        public long getRateLimited() {
            return counters.snapshot().rateLimited();
        }

        @Override
        public Map<String, Long> getSuppressedByReason() {
            Map<String, Long> byReason = new TreeMap<>();
            counters.snapshot().suppressedByReason().forEach((reason, count) -> byReason.put(reason.code(), count));
            return byReason;
        }

        @Override
        public long suppressedFor(String reasonCode) {
            return SuppressionReason.fromCode(reasonCode).map(reason -> counters.snapshot().suppressed(reason)).orElse(0L);
        }
    }
}
