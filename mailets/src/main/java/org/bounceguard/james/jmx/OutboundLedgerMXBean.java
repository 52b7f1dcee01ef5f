package org.bounceguard.james.jmx;

/** {@code org.bounceguard:type=OutboundLedger}: messages recorded for bounce checking, and what bounces found. */
public interface OutboundLedgerMXBean {
    /** {@code memory} or {@code blobstore}. */
    String getStore();

    /** Entries held (one per Message-ID and return address); -1 when the store cannot count them cheaply. */
    long getEntries();

    /** Days (buckets) held. */
    int getDays();

    /** Days dropped early because the ledger was full. */
    long getEvictions();

    long getMessagesRecorded();

    /** Relayed messages that carried no Message-ID, so could not be recorded. */
    long getMessagesWithoutMessageId();

    /** Bounce recipients proven: the bounce answers a message they sent, within what it can cause. */
    long getHits();

    /** Bounce recipients for whom nothing we sent matches (the ledger-miss signal). */
    long getMisses();

    /** Bounce recipients whose message already drew every bounce it can cause (the ledger-replay signal). */
    long getReplays();

    /** Bounces that return no Message-ID or name no recipient of the original: nothing proves them. */
    long getNoEvidence();

    /** Look-ups the store could not answer (blob store errors or time-outs): no signal. */
    long getUnavailable();

    /** Drops the days past the retention now. */
    void expire();
}
