package org.bounceguard.suppression;

/**
 * Where NDR quotas are kept: this node's memory ({@link NdrRateLimiter}) or a store shared by
 * every node. One call is one decision, taken and recorded atomically.
 */
public interface NdrQuota {

    /**
     * Grants one NDR to {@code recipient} if neither its address quota nor its domain quota is used
     * up, and records the grant against both.
     */
    boolean tryAcquire(NdrRecipient recipient);

    /**
     * The same for an address given as text ({@link NdrRecipient#parse}).
     *
     * @throws IllegalArgumentException if the address is null, blank or has no local part or domain
     */
    default boolean tryAcquire(String recipientAddress) {
        return tryAcquire(NdrRecipient.parse(recipientAddress));
    }
}
