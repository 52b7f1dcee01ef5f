package org.bounceguard.metrics.jmx;

/** {@code org.bounceguard:type=DnsblEngine}: the shared DNSBL engine of this James server. */
public interface DnsblEngineMXBean {
    long getCacheSize();

    long getCacheHits();

    long getCacheMisses();

    double getCacheHitRatio();

    int getInFlightLookups();

    /**
     * Per DNS server ({@code host:port}), answers dropped because they matched no query of ours: wrong
     * source address or port, unknown id, another question, or (with {@code dns.0x20}) the wrong
     * letter case. Late answers to timed-out queries are not counted.
     */
    java.util.Map<String, Long> getSpoofedAnswers();

    /** Every zone some matcher or mailet uses. */
    String[] getZones();

    void flushCache();

    /** Looks one client address up now in every zone in use (safe-mode zones included) and returns the verdict. */
    String lookup(String clientAddress);
}
