package org.bounceguard.verify;

import java.util.concurrent.atomic.LongAdder;

/**
 * What recipient verification did on this node, for the MBean and the gauges: probes sent (the
 * accept-all probes included), answers from the cache, recipients accepted, refused and deferred,
 * those accepted unverified because their domain accepts everything or the backend failed open,
 * deferrals for a client over its probe allowance, and times a breaker opened.
 */
public final class VerificationCounters {
    private final LongAdder probes = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder deferred = new LongAdder();
    private final LongAdder acceptAllSkipped = new LongAdder();
    private final LongAdder failedOpen = new LongAdder();
    private final LongAdder clientLimited = new LongAdder();
    private final LongAdder breakerOpened = new LongAdder();

    public record Snapshot(long probes, long cacheHits, long accepted, long refused, long deferred, long acceptAllSkipped,
                           long failedOpen, long clientLimited, long breakerOpened) {
    }

    void probe() {
        probes.increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void breakerOpened() {
        breakerOpened.increment();
    }

    void clientLimited() {
        clientLimited.increment();
    }

    Decision count(Decision decision) {
        if (decision instanceof Decision.Accept accept) {
            accepted.increment();
            if (accept.source() == Decision.Source.ACCEPT_ALL) {
                acceptAllSkipped.increment();
            } else if (accept.source() == Decision.Source.FAIL_OPEN) {
                failedOpen.increment();
            }
        } else if (decision instanceof Decision.Refuse) {
            refused.increment();
        } else if (decision instanceof Decision.Defer) {
            deferred.increment();
        }
        return decision;
    }

    public Snapshot snapshot() {
        return new Snapshot(probes.sum(), cacheHits.sum(), accepted.sum(), refused.sum(), deferred.sum(), acceptAllSkipped.sum(),
            failedOpen.sum(), clientLimited.sum(), breakerOpened.sum());
    }
}
