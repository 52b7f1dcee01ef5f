package org.bounceguard.services;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.backscatter.LedgerEvidenceSource;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.configuration.LedgerSettings;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerProof;
import org.bounceguard.ledger.LedgerStore;
import org.bounceguard.ledger.OutboundLedger;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.metrics.jmx.OutboundLedgerMXBean;

/**
 * The outbound ledger of one James server: what {@code RecordOutbound} records and what backscatter
 * detection asks. Settings in {@code bounceguard.properties}: {@code ledger.secret} (required, never
 * logged), {@code ledger.store} ({@code memory}: this node's heap; {@code blobstore}: James's blob
 * store, shared by every node; {@code redis}: the shared Redis), {@code ledger.retentionDays}, {@code ledger.maxEntries}.
 *
 * <p>Created only when something uses the ledger; a missing secret then stops James's start-up
 * with a message naming the setting.
 */
@Singleton
public class OutboundLedgerService implements AutoCloseable, LedgerEvidenceSource.Ledger {
    private final OutboundLedger ledger;
    private final LedgerProof proof;
    private final String store;
    private final LongAdder messagesRecorded = new LongAdder();
    private final LongAdder withoutMessageId = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder noEvidence = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final MBeans mbeans = new MBeans();

    @Inject
    public OutboundLedgerService(BounceguardSettings settings, GaugeRegistry gaugeRegistry, Map<String, Provider<LedgerStore>> stores) {
        this(ledger(settings.ledger(), stores), settings.ledger().store(), new Gauges(gaugeRegistry));
    }

    public OutboundLedgerService(OutboundLedger ledger, String store, Gauges gauges) {
        this.ledger = ledger;
        this.proof = new LedgerProof(ledger);
        this.store = store;
        mbeans.register(MBeans.name("OutboundLedger"), new Bean());
        gauges.register("bounceguard_ledger_messages_recorded", messagesRecorded::sum);
        gauges.register("bounceguard_ledger_hits", hits::sum);
        gauges.register("bounceguard_ledger_misses", misses::sum);
        gauges.register("bounceguard_ledger_no_evidence", noEvidence::sum);
        gauges.register("bounceguard_ledger_unavailable", unavailable::sum);
        gauges.register("bounceguard_ledger_replays", replays::sum);
    }

    /** The store {@code ledger.store} names, opened with the key ({@code ledger.secret}, required here) and policy. */
    private static OutboundLedger ledger(LedgerSettings settings, Map<String, Provider<LedgerStore>> stores) {
        LedgerKey key = settings.requiredKey();
        return BounceguardSettings.choose("ledger.store", settings.store(), stores).open(key, settings.policy());
    }

    /**
     * Records a message written here, leaving for remote domains: one entry per (return address,
     * recipient) pair. False when it has no Message-ID to record.
     */
    public boolean record(String messageId, Collection<String> returnAddresses, Collection<String> recipients) {
        if (messageId == null || messageId.isBlank()) {
            withoutMessageId.increment();
            return false;
        }
        proof.recordSent(messageId, returnAddresses, recipients);
        messagesRecorded.increment();
        return true;
    }

    /** What the ledger proves about a bounce for one of its recipients, counted. */
    @Override
    public LedgerProof.Outcome prove(String messageId, String bounceRecipient, List<String> reportedAddresses, LedgerProof.Use use) {
        LedgerProof.Outcome outcome = proof.prove(messageId, bounceRecipient, reportedAddresses, use);
        (switch (outcome) {
            case PROVEN -> hits;
            case MISS -> misses;
            case REPLAY -> replays;
            case UNAVAILABLE -> unavailable;
        }).increment();
        return outcome;
    }

    /** A bounce that returns no Message-ID or names no recipient: the ledger can prove nothing. */
    @Override
    public void recordNoEvidence() {
        noEvidence.increment();
    }

    @PreDestroy
    @Override
    public void close() throws Exception {
        mbeans.close();
        ledger.close();
    }

    private final class Bean implements OutboundLedgerMXBean {
        @Override
        public String getStore() {
            return store;
        }

        @Override
        public long getEntries() {
            return ledger.stats().entries().orElse(-1);
        }

        @Override
        public int getDays() {
            return ledger.stats().buckets();
        }

        @Override
        public long getEvictions() {
            return ledger.stats().evictions();
        }

        @Override
        public long getMessagesRecorded() {
            return messagesRecorded.sum();
        }

        @Override
        public long getMessagesWithoutMessageId() {
            return withoutMessageId.sum();
        }

        @Override
        public long getHits() {
            return hits.sum();
        }

        @Override
        public long getMisses() {
            return misses.sum();
        }

        @Override
        public long getNoEvidence() {
            return noEvidence.sum();
        }

        @Override
        public long getReplays() {
            return replays.sum();
        }

        @Override
        public long getUnavailable() {
            return unavailable.sum();
        }

        @Override
        public void expire() {
            ledger.expire();
        }
    }
}
