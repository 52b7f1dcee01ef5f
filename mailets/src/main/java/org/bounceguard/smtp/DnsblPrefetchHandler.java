package org.bounceguard.smtp;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.bounceguard.services.DnsblService;

/**
 * Starts the DNSBL look-ups of a client the moment its SMTP connection opens, so that by the time
 * its mail reaches {@code DnsblCheck} in a spooler thread the answers are cached (or in flight and
 * shared) instead of awaited. It never delays or refuses anything: the look-ups run
 * asynchronously and the handler returns at once. Without it everything works the same, only
 * later (the mailet looks the client up on demand). Wire it in {@code smtpserver.xml}'s handler
 * chain:
 *
 * <pre>{@code <handler class="org.bounceguard.smtp.DnsblPrefetchHandler"/>}</pre>
 *
 * <p>It asks the client-IP zones that the mailets and matchers in use name; safe-mode zones wait
 * for the mail (whether it is a bounce is only known at MAIL FROM).
 */
public class DnsblPrefetchHandler implements ConnectHandler<SMTPSession> {
    /**
     * James 3.8.1 hands every connect handler's answer to its JMX statistics, which fail on
     * {@code null}; an answer without lines is written as zero bytes, i.e. nothing reaches the client.
     */
    static final Response NOTHING_TO_SAY = new Response() {
        @Override
        public String getRetCode() {
            return "";
        }

        @Override
        public List<CharSequence> getLines() {
            return List.of();
        }

        @Override
        public boolean isEndSession() {
            return false;
        }
    };

    private final DnsblService service;

    @Inject
    public DnsblPrefetchHandler(DnsblService service) {
        this.service = service;
    }

    /** It takes no parameters: a child element in its {@code <handler>} is a mistake. */
    @Override
    public void init(Configuration config) throws ConfigurationException {
        new HandlerParameters("DnsblPrefetchHandler", config).requireKnown(Set.of());
    }

    @Override
    public Response onConnect(SMTPSession session) {
        SessionFacts.client(session).ifPresent(this::prefetch);
        return NOTHING_TO_SAY;
    }

    private void prefetch(InetAddress client) {
        try {
            service.prefetch(client);
        } catch (RuntimeException e) {
            // an optimisation only: the mailet looks the client up on demand
        }
    }
}
