package org.bounceguard.verify;

import java.time.Duration;
import java.util.Optional;

/**
 * Where verified addresses are remembered: this node's memory ({@link MemoryVerificationStore}) or
 * a store every node shares. Addresses arrive folded (lowercase). A store that cannot answer
 * returns empty (a probe follows) and forgets nothing silently: {@link #forget} says whether an
 * entry was there.
 */
public interface VerificationStore {
    Optional<CachedVerdict> get(String address);

    void put(String address, CachedVerdict verdict, Duration timeToLive);

    /** Removes the address; whether it was remembered. */
    boolean forget(String address);
}
