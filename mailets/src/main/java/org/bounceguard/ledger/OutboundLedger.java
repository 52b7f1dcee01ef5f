package org.bounceguard.ledger;

import java.util.Collection;

/**
 * The store of the outbound ledger: keyed hashes of (Message-ID, address) pairs, where the address
 * is whatever its caller composes - {@link LedgerProof} stores a sender and a recipient of the
 * mail together, and the slots bounces use up. Only keyed hashes are stored, never content.
 * Callers reach it through {@link LedgerProof}, which decides what a bounce proves.
 *
 * <p>Inputs are {@link Normalised normalised} here; callers pass them as the mail or the bounce
 * parser gives them. Implementations are thread-safe.
 */
public interface OutboundLedger extends AutoCloseable {

    /**
     * Records one relayed message: one entry per (Message-ID, return address) pair. A blank
     * Message-ID or address records nothing.
     *
     * @return the number of entries now stored for this message (duplicate addresses count once;
     *         a storage failure counts what was stored before it)
     */
    int record(String messageId, Collection<String> returnAddresses);

    /**
     * Whether ({@code messageId}, {@code bounceRecipient}) was recorded within the retention. A
     * blank Message-ID or address is a {@link LedgerAnswer#MISS}: nothing recorded can match it.
     */
    LedgerAnswer answers(String messageId, String bounceRecipient);

    /** Drops the buckets older than the retention now (recording on a new day does it too). */
    void expire();

    LedgerStats stats();

    @Override
    default void close() {
    }
}
