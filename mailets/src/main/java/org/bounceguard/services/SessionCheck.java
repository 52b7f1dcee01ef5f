package org.bounceguard.services;

import java.net.InetAddress;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.bounceguard.findings.DnsblCheckSettings;
import org.bounceguard.findings.DnsblFinding;

/**
 * The DNSBL check of one {@code DnsblCheck} declaration, run in the SMTP session so that the verdict
 * travels with the mail through the queue. A verdict is only reused by a {@code DnsblCheck} whose
 * {@link #settings()} are equal.
 */
public record SessionCheck(DnsblLookup lookup) {

    public DnsblCheckSettings settings() {
        return lookup.settings();
    }

    public DnsblFinding check(Mail mail, Optional<InetAddress> connecting, Optional<String> helo, boolean authenticated) {
        return lookup.checkInSession(mail, connecting, helo, authenticated);
    }
}
