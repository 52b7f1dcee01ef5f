package org.bounceguard.services;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.bounceguard.metrics.jmx.AnswerSuppressionMXBean;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.suppression.NdrDecision;
import org.bounceguard.suppression.SuppressionCounters;
import org.bounceguard.suppression.SuppressionReason;

/**
 * The per-mailet view of answers to a mail's source: one {@link SuppressionCounters} per wrapped
 * James mailet (keyed by its class's simple name), published as the {@code AnswerSuppression}
 * MBean. One per James server.
 */
@Singleton
public class AnswerSuppressionService implements AutoCloseable {
    private final Map<String, SuppressionCounters> byMailet = new ConcurrentHashMap<>();
    private final MBeans mbeans = new MBeans();

    @Inject
    public AnswerSuppressionService() {
        mbeans.register(MBeans.name("AnswerSuppression"), new Bean());
    }

    public void recordSent(String mailet) {
        counters(mailet).recordSent();
    }

    public void recordSuppressed(String mailet, NdrDecision decision) {
        counters(mailet).recordSuppressed(decision);
    }

    public SuppressionCounters.Snapshot snapshot(String mailet) {
        return counters(mailet).snapshot();
    }

    private SuppressionCounters counters(String mailet) {
        return byMailet.computeIfAbsent(mailet, name -> new SuppressionCounters());
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
    }

    private final class Bean implements AnswerSuppressionMXBean {
        @Override
        public Map<String, Long> getSentByMailet() {
            Map<String, Long> sent = new TreeMap<>();
            byMailet.forEach((mailet, counters) -> sent.put(mailet, counters.snapshot().sent()));
            return sent;
        }

        @Override
        public Map<String, Long> getSuppressedByMailetAndReason() {
            Map<String, Long> suppressed = new TreeMap<>();
            byMailet.forEach((mailet, counters) -> counters.snapshot().suppressedByReason().forEach((reason, count) -> {
                if (count > 0) {
                    suppressed.put(mailet + ":" + reason.code(), count);
                }
            }));
            return suppressed;
        }

        @Override
        public long suppressedFor(String mailet, String reasonCode) {
            SuppressionCounters counters = byMailet.get(mailet);
            return counters == null ? 0 : SuppressionReason.fromCode(reasonCode).map(counters.snapshot()::suppressed).orElse(0L);
        }

        @Override
        public long sentBy(String mailet) {
            SuppressionCounters counters = byMailet.get(mailet);
            return counters == null ? 0 : counters.snapshot().sent();
        }
    }
}
