package org.bounceguard.ledger;

import java.util.Collection;

/**
 * Remembers the mail this server relayed to remote domains, so that a bounce can be checked
 * against it: a bounce is legitimate when the Message-ID it returns belongs to a message we relayed
 * and it comes back to an address that message carried (its envelope sender or a {@code From:}
 * address). Only keyed hashes of (Message-ID, address) pairs are stored, never content.
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
     * Whether a bounce quoting {@code messageId} and sent to {@code bounceRecipient} answers a
     * message we relayed within the retention. A blank Message-ID or recipient is a {@link LedgerAnswer#MISS}:
     * nothing recorded can match it.
     */
    LedgerAnswer answers(String messageId, String bounceRecipient);

    /** Drops the buckets older than the retention now (recording on a new day does it too). */
    void expire();

    LedgerStats stats();

    @Override
    default void close() {
    }
}
