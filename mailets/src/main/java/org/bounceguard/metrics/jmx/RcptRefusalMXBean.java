package org.bounceguard.metrics.jmx;

import java.util.Map;

/**
 * {@code org.bounceguard:type=RcptRefusal}: what every {@code DnsblRcptRefusal} of this server did
 * to RCPTs, since start. Zones by their display name.
 */
public interface RcptRefusalMXBean {
    /** RCPTs whose client was looked up in the lists. */
    long getChecked();

    /** Refused with {@code 550 5.7.1}: the score reached the reject threshold. */
    long getRefused();

    /** Deferred with {@code 451 4.7.1}: a {@code tempfailZones} zone could not be asked. */
    long getDeferred();

    /** Accepted although a zone gave no answer, taken as "not listed". */
    long getFailedOpen();

    /** Let through unchecked: {@code postmaster@} or {@code abuse@} of our domains. */
    long getAcceptedRoleAccount();

    /** Let through unchecked: the client authenticated or may relay. */
    long getAcceptedTrustedClient();

    /** Refusals per configured zone whose listing added to the score (a refusal may count under several). */
    Map<String, Long> getRefusedByZone();

    /** Refusals one zone contributed to, e.g. {@code zen.spamhaus.org}; 0 for a zone not configured. */
    long refusedBy(String zone);
}
