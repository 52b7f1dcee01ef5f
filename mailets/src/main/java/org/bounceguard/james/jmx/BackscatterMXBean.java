package org.bounceguard.james.jmx;

import java.util.Map;

/** {@code org.bounceguard:type=Backscatter}: incoming bounces judged, and BATV activity, since start. */
public interface BackscatterMXBean {
    long getBouncesSeen();

    long getBouncesAccepted();

    /** Bounces delivered to the recipients they are proven for and quarantined for the others. */
    long getBouncesSplit();

    long getQuarantined();

    Map<String, Long> getQuarantinedByReason();

    long quarantinedFor(String reasonCode);

    long getBatvSigned();

    long getBatvVerified();

    long getBatvFailed();
}
