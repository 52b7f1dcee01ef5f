package org.bounceguard.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.bounceguard.james.DnsblService;

/**
 * Starts the DNSBL look-ups of a client the moment it connects, so that by the time its mail
 * reaches {@code DnsblCheck} in a spooler thread the answers are cached (or in flight and
 * shared) instead of awaited. It never delays or refuses the connection; without it everything
 * works the same, only later. Wire it first in {@code smtpserver.xml}'s handler chain:
 *
 * <pre>{@code <handler class="org.bounceguard.smtp.DnsblPrefetchHandler"/>}</pre>
 *
 * It asks the client-IP zones that the mailets and matchers in use name; safe-mode zones wait
 * for the mail (whether it is a bounce is only known at MAIL FROM).
 */
public class DnsblPrefetchHandler implements ConnectHandler<SMTPSession> {
    private final DnsblService service;

    @Inject
    public DnsblPrefetchHandler(DnsblService service) {
        this.service = service;
    }

    @Override
    public Response onConnect(SMTPSession session) {
        Optional.ofNullable(session.getRemoteAddress())
            .map(InetSocketAddress::getAddress)
            .ifPresent(this::prefetch);
        return null;
    }

    private void prefetch(InetAddress client) {
        service.prefetch(client);
    }
}
