package org.bounceguard.metrics.jmx;

import java.util.Map;

/** {@code org.bounceguard:type=NdrSuppression}: what the guarded bounce mailets did, since start. */
public interface NdrSuppressionMXBean {
    long getNdrsSent();

    long getNdrsSuppressed();

    long getRateLimited();

    /** Suppressions per reason code (a suppression with two reasons counts under both). */
    Map<String, Long> getSuppressedByReason();

    /** Suppressions for one reason code, e.g. {@code dnsbl-listed}. */
    long suppressedFor(String reasonCode);
}
