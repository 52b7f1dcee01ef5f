package org.bounceguard.james.jmx;

/** {@code org.bounceguard:type=DnsblEngine}: the shared DNSBL engine of this James server. */
public interface DnsblEngineMXBean {
    long getCacheSize();

    long getCacheHits();

    long getCacheMisses();

    double getCacheHitRatio();

    int getInFlightLookups();

    /** Every zone some matcher or mailet uses. */
    String[] getZones();

    void flushCache();

    /** Looks one client address up now in every zone in use (safe-mode zones included) and returns the verdict. */
    String lookup(String clientAddress);
}
