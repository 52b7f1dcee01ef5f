package org.bounceguard.james.jmx;

import java.util.Map;

/**
 * {@code org.bounceguard:type=InputBounds}: how often a reader of mail content (the bounce parser,
 * the NDR guard's header reading) reached a documented bound and decided with what it had read,
 * since the JVM started.
 */
public interface InputBoundsMXBean {
    long getTruncatedTotal();

    /** Cuts per bound code ({@code guard-header-value}, {@code top-header}, {@code header-block}, {@code text}, {@code parts}, {@code recipients}, {@code mime}). */
    Map<String, Long> getTruncatedByBound();

    /** Cuts at one bound, by its code, e.g. {@code parts}; 0 for an unknown code. */
    long truncatedFor(String boundCode);
}
