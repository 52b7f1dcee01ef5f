package org.bounceguard.metrics.jmx;

import java.util.Map;

/**
 * {@code org.bounceguard:type=BounceStorm}: the recipients in storm mode (on every node sharing the
 * store) and what this node counted since start.
 */
public interface BounceStormMXBean {
    /** Each recipient in storm mode and when (ISO-8601, UTC) its storm ends by itself. */
    Map<String, String> getRecipientsInStorm();

    int getRecipientsInStormCount();

    /** Unproven bounces counted towards a storm. */
    long getUnprovenCounted();

    /** Storms this node saw begin (each storm is seen by one node). */
    long getStormsEntered();

    /** Storms this node saw end: by themselves, or ended by an operator here. */
    long getStormsLeft();

    /** Of {@link #getStormsLeft()}, those an operator ended early. */
    long getStormsEndedByOperator();

    /** Bounces refused with {@code 550 5.7.1} at RCPT: no valid BATV tag during a storm. */
    long getRefusedAtRcpt();

    /** Bounces refused with {@code 550 5.7.1} at the end of DATA: unproven, during a storm or always. */
    long getRefusedAtData();

    /** Decisions this node took alone because the shared store could not answer. */
    long getStoreFallbacks();

    /** Ends a recipient's storm mode now; false when it was in none. */
    boolean endStorm(String recipient);
}
