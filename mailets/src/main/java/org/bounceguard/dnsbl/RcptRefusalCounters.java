package org.bounceguard.dnsbl;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the RCPT refusal did on this node: refused ({@code 550}), deferred ({@code 451}),
 * let through without a look-up (a role account of ours, an authenticated or relay-allowed
 * client), failed open, and per zone how often it helped refuse. Thread-safe and cheap on the hot
 * path ({@link LongAdder}). Plain Java: {@code smtp.DnsblRcptRefusal} feeds it, the MBean and the
 * gauges read it.
 *
 * <p>A check <em>failed open</em> when it was accepted while at least one zone gave no answer: the
 * missing answer was taken as "not listed". A refused or deferred check never failed open, whatever
 * its errors. Every RCPT that was looked up counts once in {@code checked}, so
 * {@code checked - refused - deferred} were accepted after the look-up.
 *
 * <p>The per-zone counts are bounded by the zones {@linkplain #addZones declared}: a listing from
 * any other zone is not counted there. A refusal counts for every zone whose listing added to its
 * score (allowlists, which lower it, never count). Zones are keyed by their display name, never
 * the DNS name that may carry a DQS key.
 */
public final class RcptRefusalCounters {
    private final LongAdder checked = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder deferred = new LongAdder();
    private final LongAdder failedOpen = new LongAdder();
    private final LongAdder roleAccount = new LongAdder();
    private final LongAdder trustedClient = new LongAdder();
    private final Map<String, LongAdder> refusedByZone = new ConcurrentHashMap<>();

    /** Zones (display names) whose refusals are counted one by one; adding one twice changes nothing. */
    public void addZones(Collection<String> zones) {
        for (String zone : zones) {
            refusedByZone.computeIfAbsent(key(zone), name -> new LongAdder());
        }
    }

    /** The zones counted one by one, in name order. */
    public List<String> zones() {
        return List.copyOf(new TreeSet<>(refusedByZone.keySet()));
    }

    /** A recipient was let through unchecked: {@code postmaster@} or {@code abuse@} of our domains. */
    public void recordRoleAccount() {
        roleAccount.increment();
    }

    /** A recipient was let through unchecked: the client authenticated or may relay. */
    public void recordTrustedClient() {
        trustedClient.increment();
    }

    /** A recipient was checked: {@code answer} is what the policy made of {@code verdict}. */
    public void recordChecked(DnsblVerdict verdict, RcptRefusalPolicy.Answer answer) {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(answer, "answer");
        checked.increment();
        if (answer instanceof RcptRefusalPolicy.Answer.Refuse) {
            refused.increment();
            for (Listing listing : verdict.listings()) {
                LongAdder zone = listing.spec().weight() > 0 ? refusedByZone.get(key(listing.spec().zone())) : null;
                if (zone != null) {
                    zone.increment();
                }
            }
        } else if (answer instanceof RcptRefusalPolicy.Answer.Defer) {
            deferred.increment();
        } else if (!verdict.errors().isEmpty()) {
            failedOpen.increment();
        }
    }

    private static String key(String zone) {
        return zone.toLowerCase(Locale.ROOT);
    }

    /**
     * The current counts. Each count is exact at the moment it is read; the snapshot as a whole is
     * not one atomic cut while other threads record.
     */
    public Snapshot snapshot() {
        Map<String, Long> byZone = new TreeMap<>();
        refusedByZone.forEach((zone, count) -> byZone.put(zone, count.sum()));
        return new Snapshot(checked.sum(), refused.sum(), deferred.sum(), failedOpen.sum(), roleAccount.sum(), trustedClient.sum(),
            byZone);
    }

    /**
     * Immutable counts.
     *
     * @param checked       recipients whose client was looked up
     * @param refused       of those, refused with {@code 550 5.7.1}
     * @param deferred      of those, deferred with {@code 451 4.7.1} (a {@code tempfailZones} zone failed)
     * @param failedOpen    of those, accepted although a zone gave no answer
     * @param roleAccount   recipients let through unchecked: a role account of ours
     * @param trustedClient recipients let through unchecked: an authenticated or relay-allowed client
     * @param refusedByZone refusals each declared zone contributed to, every declared zone present, in name order
     */
    public record Snapshot(long checked, long refused, long deferred, long failedOpen, long roleAccount, long trustedClient,
                           Map<String, Long> refusedByZone) {
        public Snapshot {
            refusedByZone = Collections.unmodifiableMap(new TreeMap<>(refusedByZone));
        }

        /** Refusals the zone contributed to; 0 for a zone not declared. */
        public long refusedBy(String zone) {
            return refusedByZone.getOrDefault(key(zone), 0L);
        }
    }
}
