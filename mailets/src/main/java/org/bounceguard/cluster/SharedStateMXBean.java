package org.bounceguard.cluster;

/** {@code org.bounceguard:type=SharedState}: the shared Redis as this node sees it. */
public interface SharedStateMXBean {
    /** The Redis in use (scheme, host, port, database; never the password), or none. */
    String getRedis();

    /** Whether this node holds an open connection to Redis. */
    boolean isConnected();

    /** Calls to Redis that failed or timed out. */
    long getFailures();

    /** Times Redis went from reachable to unreachable (one WARN each). */
    long getOutages();

    /** Times a call timed out and calls stopped for {@code redis.backOff} (a hung Redis). */
    long getBackOffs();

    /** Calls not sent to Redis because one timed out less than {@code redis.backOff} ago; they fell back at once. */
    long getRefusedWhileBackingOff();

    /** Whether calls are refused now, within a back-off after a timeout. */
    boolean isBackingOff();

    /** NDR decisions this node took alone because Redis could not answer. */
    long getNdrFallbacks();

    /** Ledger records and look-ups Redis could not answer (look-ups were answered Unavailable). */
    long getLedgerFailures();

    long getZoneChangesPublished();

    long getZoneChangesReceived();
}
