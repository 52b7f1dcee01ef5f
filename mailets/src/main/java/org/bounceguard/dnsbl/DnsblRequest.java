package org.bounceguard.dnsbl;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One check for {@link DnsblEngine#check}: what is asked, of which zones, how long the verdict
 * waits, and whether it is a mail's check or an operator's look-up.
 *
 * @param deadline how long the verdict waits for the zones; empty: the engine's deadline
 * @param operator an operator's look-up, not mail: the zones' counters and health are left alone,
 *                 a loopback, private or trusted client is asked all the same, and the verdict
 *                 carries every zone's answer ({@link DnsblVerdict#zoneLookups()})
 * @param fresh ask DNS even when the cache holds an answer (whose answer then refreshes the cache)
 */
public record DnsblRequest(DnsblQuery query, List<ZoneSpec> zones, Optional<Duration> deadline, boolean operator, boolean fresh) {
    public DnsblRequest {
        zones = List.copyOf(zones);
        if (fresh && !operator) {
            throw new IllegalArgumentException("only an operator's look-up bypasses the cache");
        }
    }

    /** A mail's check, within the engine's deadline. */
    public static DnsblRequest of(DnsblQuery query, List<ZoneSpec> zones) {
        return new DnsblRequest(query, zones, Optional.empty(), false, false);
    }

    /**
     * An operator's look-up of one address in every client-IP zone of {@code zones}, safe-mode
     * zones included; {@code fresh} asks DNS rather than the cache.
     */
    public static DnsblRequest operatorLookup(InetAddress client, List<ZoneSpec> zones, boolean fresh) {
        DnsblQuery asBounce = new DnsblQuery(Optional.of(client), Optional.empty(), Optional.empty(), true);
        List<ZoneSpec> clientZones = zones.stream().filter(zone -> zone.kind() == ZoneKind.CLIENT_IP).toList();
        return new DnsblRequest(asBounce, clientZones, Optional.empty(), true, fresh);
    }

    /** The same check, waiting at most {@code value} for the zones. */
    public DnsblRequest within(Duration value) {
        return new DnsblRequest(query, zones, Optional.of(value), operator, fresh);
    }
}
