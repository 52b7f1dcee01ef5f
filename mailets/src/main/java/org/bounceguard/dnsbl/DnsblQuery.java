package org.bounceguard.dnsbl;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What one mail asks of the lists.
 *
 * @param clientAddress the client to look up in IP zones
 * @param senderDomain the envelope sender's domain, for {@code :sender} zones
 * @param heloName the HELO/EHLO name, for {@code :helo} zones
 * @param bounce whether the mail is a bounce by its envelope sender (safe-mode zones are asked only then)
 */
public record DnsblQuery(Optional<InetAddress> clientAddress, Optional<String> senderDomain, Optional<String> heloName, boolean bounce) {
    public static DnsblQuery client(InetAddress address) {
        return new DnsblQuery(Optional.of(address), Optional.empty(), Optional.empty(), false);
    }
}
