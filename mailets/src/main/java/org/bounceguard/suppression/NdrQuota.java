package org.bounceguard.suppression;

import org.bounceguard.net.Addresses;

/**
 * Where NDR quotas are kept: this node's memory ({@link NdrRateLimiter}) or a store shared by
 * every node. One call is one decision, taken and recorded atomically.
 */
public interface NdrQuota {

    /**
     * Grants one NDR to {@code recipientAddress} if neither its address quota nor its domain quota
     * is used up, and records the grant against both.
     *
     * @throws IllegalArgumentException if the address is null, blank or has no local part or domain
     */
    boolean tryAcquire(String recipientAddress);

    /** {@code <Bob@Example.COM>} → {@code bob@example.com}: the key quotas are kept under. */
    static String normalise(String recipientAddress) {
        if (recipientAddress == null) {
            throw new IllegalArgumentException("NDR recipient address is null");
        }
        String address = Addresses.fold(recipientAddress);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException(
                    "NDR recipient must be local@domain, got '" + recipientAddress + "'");
        }
        return address;
    }
}
