package org.bounceguard.storm;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where unproven bounces are counted and storm modes kept: this node's memory
 * ({@link MemoryStormStore}) or a store every node shares. Addresses arrive folded to lower case.
 * Each call is one atomic decision.
 */
public interface StormStore {
    /** Counts one unproven bounce to {@code recipient}; at the threshold the recipient enters storm mode. */
    StormCount count(String recipient);

    /** When {@code recipient}'s storm mode ends; empty when it is in none. */
    Optional<Instant> stormUntil(String recipient);

    /** Every recipient in storm mode now, with when its storm ends. */
    Map<String, Instant> recipientsInStorm();

    /** Ends {@code recipient}'s storm mode now; false when it was in none. */
    boolean end(String recipient);

    /**
     * The recipients whose storm mode ended by itself since the last sweep; each ended storm is
     * reported by one sweep only (on a shared store: on one node only).
     */
    List<String> sweepEnded();
}
