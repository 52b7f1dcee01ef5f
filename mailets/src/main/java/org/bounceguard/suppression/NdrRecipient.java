package org.bounceguard.suppression;

import java.util.Locale;

import org.bounceguard.net.Addresses;

/**
 * The address an NDR (or another answer) would go to, as its quotas are keyed: local part and
 * domain, each folded to lowercase. Built once from the envelope's parts by the James adapter, so
 * the address is never joined into text and split again on its way to the quota.
 */
public record NdrRecipient(String localPart, String domain) {
    public NdrRecipient {
        if (localPart == null || domain == null) {
            throw new IllegalArgumentException("NDR recipient address is null");
        }
        localPart = localPart.trim().toLowerCase(Locale.ROOT);
        domain = domain.trim().toLowerCase(Locale.ROOT);
        if (localPart.isEmpty() || domain.isEmpty()) {
            throw new IllegalArgumentException("NDR recipient must be local@domain, got '" + localPart + "@" + domain + "'");
        }
    }

    /**
     * {@code <Bob@Example.COM>} → {@code bob} at {@code example.com}, split at the last {@code @}:
     * for addresses that arrive as text (configuration, operator tools, tests).
     *
     * @throws IllegalArgumentException if the address is null, blank or has no local part or domain
     */
    public static NdrRecipient parse(String recipientAddress) {
        if (recipientAddress == null) {
            throw new IllegalArgumentException("NDR recipient address is null");
        }
        String address = Addresses.fold(recipientAddress);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("NDR recipient must be local@domain, got '" + recipientAddress + "'");
        }
        return new NdrRecipient(address.substring(0, at), address.substring(at + 1));
    }

    /** {@code bob@example.com}: the key the address quota is kept under. */
    public String address() {
        return localPart + "@" + domain;
    }
}
