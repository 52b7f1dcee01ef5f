package org.bounceguard.dnsbl;

/** The engine's cache and traffic, now. */
public record EngineStats(long cacheSize, long cacheHits, long cacheMisses, double hitRatio, int inFlight) {
}
