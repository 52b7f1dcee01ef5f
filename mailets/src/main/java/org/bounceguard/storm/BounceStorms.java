package org.bounceguard.storm;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.bounceguard.net.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounce storms: when one recipient receives {@code threshold} unproven bounces within the window,
 * it enters storm mode for the policy's duration, during which unproven bounces to it are refused
 * at SMTP time instead of filling the backscatter repository. Storm mode ends by itself (or early,
 * by an operator). Entering and leaving are logged once each - on a shared store, by the one node
 * that saw it happen - and counted on this node.
 *
 * <p>Only unproven bounces are counted: a bounce a source proves (valid BATV tag, ledger entry) is
 * never counted and never refused.
 */
public final class BounceStorms {
    private static final Logger LOGGER = LoggerFactory.getLogger(BounceStorms.class);

    /** What this node counted since start. */
    public record Counters(long unprovenCounted, long entered, long left, long endedByOperator, long refusedAtRcpt, long refusedAtData) {
    }

    private final StormPolicy policy;
    private final StormStore store;
    private final LongAdder unprovenCounted = new LongAdder();
    private final LongAdder entered = new LongAdder();
    private final LongAdder left = new LongAdder();
    private final LongAdder endedByOperator = new LongAdder();
    private final LongAdder refusedAtRcpt = new LongAdder();
    private final LongAdder refusedAtData = new LongAdder();

    public BounceStorms(StormPolicy policy, StormStore store) {
        this.policy = policy;
        this.store = store;
    }

    public StormPolicy policy() {
        return policy;
    }

    /** Counts one unproven bounce to {@code recipient}; what it did to the recipient's storm mode. */
    public StormCount countUnproven(String recipient) {
        String address = Addresses.fold(recipient);
        StormCount counted = store.count(address);
        if (counted != StormCount.IN_STORM) {
            unprovenCounted.increment();
        }
        if (counted == StormCount.ENTERED) {
            entered.increment();
            LOGGER.warn("Bounce storm: {} received {} unproven bounces within {}; unproven bounces to it are refused at SMTP time"
                + " for {}", address, policy.threshold(), policy.window(), policy.duration());
        }
        return counted;
    }

    public boolean inStorm(String recipient) {
        return stormUntil(recipient).isPresent();
    }

    public Optional<Instant> stormUntil(String recipient) {
        return store.stormUntil(Addresses.fold(recipient));
    }

    /** Every recipient in storm mode, with when its storm ends. */
    public Map<String, Instant> recipientsInStorm() {
        return store.recipientsInStorm();
    }

    /** An operator ends a storm early; false when the recipient was in none. */
    public boolean end(String recipient) {
        String address = Addresses.fold(recipient);
        boolean ended = store.end(address);
        if (ended) {
            endedByOperator.increment();
            left.increment();
            LOGGER.info("Bounce storm: {} left storm mode, ended early by an operator", address);
        }
        return ended;
    }

    /** Logs and counts the storms that ended by themselves since the last sweep. */
    public void sweep() {
        for (String address : store.sweepEnded()) {
            left.increment();
            LOGGER.info("Bounce storm: {} left storm mode after {}; its bounces are accepted again", address, policy.duration());
        }
    }

    public void recordRefusedAtRcpt() {
        refusedAtRcpt.increment();
    }

    public void recordRefusedAtData() {
        refusedAtData.increment();
    }

    public Counters counters() {
        return new Counters(unprovenCounted.sum(), entered.sum(), left.sum(), endedByOperator.sum(), refusedAtRcpt.sum(), refusedAtData.sum());
    }
}
