package org.bounceguard.services;

import java.net.InetAddress;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.bounceguard.findings.DnsblFinding;

/**
 * The DNSBL check of one {@code DnsblCheck} declaration, run in the SMTP session so that the verdict
 * travels with the mail through the queue. {@code signature} names the declaration's settings: a
 * verdict is only reused by a {@code DnsblCheck} configured exactly the same way.
 */
public record SessionCheck(String signature, DnsblLookup lookup, boolean checkAuthenticated) {

    public DnsblFinding judge(Mail mail, Optional<InetAddress> connecting, Optional<String> helo, boolean authenticated) {
        if (authenticated && !checkAuthenticated) {
            return DnsblFinding.authenticated();
        }
        return lookup.checkInSession(mail, connecting, helo);
    }
}
