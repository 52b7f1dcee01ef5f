package org.bounceguard.dnsbl;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The engine's mutable knowledge of one zone: counters, health, who disabled it. */
final class ZoneState {
    enum DisabledBy { NOBODY, HEALTH_CHECK, OPERATOR }

    /** A small number standing for the zone in cache keys. */
    final int id;
    /** The display name: what logs and statuses show. */
    final String zone;
    /** The zone asked in DNS; may carry a key, so it is never shown. */
    final String dnsZone;
    final ZoneKind kind;
    private final java.util.regex.Pattern redaction;
    final LongAdder queries = new LongAdder();
    final LongAdder listed = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final AtomicInteger consecutiveRefusals = new AtomicInteger();
    final LatencyHistogram latency = new LatencyHistogram();

    /** Volatile: every check reads it, without the lock its writers take. */
    private volatile DisabledBy disabledBy = DisabledBy.NOBODY;
    private String disabledReason;
    private Instant lastProbe;
    private String lastProbeResult;

    ZoneState(int id, String zone, String dnsZone, ZoneKind kind) {
        this.id = id;
        this.zone = zone;
        this.dnsZone = dnsZone;
        this.kind = kind;
        this.redaction = dnsZone.equals(zone) ? null : ZoneSpec.redaction(dnsZone);
    }

    /** Text from DNS (error details, TXT reasons) with the DNS zone replaced by the display name. */
    String redact(String text) {
        return redaction == null ? text : ZoneSpec.redact(text, redaction, zone);
    }

    boolean enabled() {
        return disabledBy == DisabledBy.NOBODY;
    }

    synchronized Optional<String> disabledReason() {
        return Optional.ofNullable(disabledReason);
    }

    synchronized DisabledBy disabledBy() {
        return disabledBy;
    }

    /** Returns whether the state changed. An operator's decision is not overridden by the health check. */
    synchronized boolean disable(DisabledBy by, String reason) {
        if (disabledBy == DisabledBy.OPERATOR && by == DisabledBy.HEALTH_CHECK) {
            return false;
        }
        boolean changed = disabledBy != by || !reason.equals(disabledReason);
        disabledBy = by;
        disabledReason = reason;
        return changed;
    }

    /** Returns whether the state changed; the health check only re-enables what it disabled. */
    synchronized boolean enable(DisabledBy by) {
        if (disabledBy == DisabledBy.NOBODY || (by == DisabledBy.HEALTH_CHECK && disabledBy != DisabledBy.HEALTH_CHECK)) {
            return false;
        }
        disabledBy = DisabledBy.NOBODY;
        disabledReason = null;
        consecutiveRefusals.set(0);
        return true;
    }

    synchronized void probed(Instant when, String result) {
        lastProbe = when;
        lastProbeResult = result;
    }

    synchronized ZoneStatus status() {
        return new ZoneStatus(zone, kind, disabledBy == DisabledBy.NOBODY, Optional.ofNullable(disabledReason),
            queries.sum(), listed.sum(), errors.sum(), timeouts.sum(), refusals.sum(),
            Optional.ofNullable(lastProbe), Optional.ofNullable(lastProbeResult),
            latency.percentile(0.50), latency.percentile(0.95), latency.percentile(0.99));
    }
}
