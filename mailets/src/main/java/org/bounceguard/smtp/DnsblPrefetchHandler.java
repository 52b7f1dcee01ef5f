package org.bounceguard.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.bounceguard.james.DnsblService;

/**
 * Starts the DNSBL look-ups of a client at the start of its SMTP session, so that by the time
 * its mail reaches {@code DnsblCheck} in a spooler thread the answers are cached (or in flight
 * and shared) instead of awaited. It never delays or refuses anything; without it everything
 * works the same, only later. Wire it first in {@code smtpserver.xml}'s handler chain:
 *
 * <pre>{@code <handler class="org.bounceguard.smtp.DnsblPrefetchHandler"/>}</pre>
 *
 * <p>It fires on HELO/EHLO, one round trip after the connection opens: James 3.8.1's connect
 * handlers must answer the client, and this one has nothing to say. It asks the client-IP zones
 * that the mailets and matchers in use name; safe-mode zones wait for the mail (whether it is a
 * bounce is only known at MAIL FROM).
 */
public class DnsblPrefetchHandler implements HeloHook {
    private final DnsblService service;

    @Inject
    public DnsblPrefetchHandler(DnsblService service) {
        this.service = service;
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        Optional.ofNullable(session.getRemoteAddress())
            .map(InetSocketAddress::getAddress)
            .ifPresent(this::prefetch);
        return HookResult.DECLINED;
    }

    private void prefetch(InetAddress client) {
        try {
            service.prefetch(client);
        } catch (RuntimeException e) {
            // an optimisation only: the mailet looks the client up on demand
        }
    }
}
