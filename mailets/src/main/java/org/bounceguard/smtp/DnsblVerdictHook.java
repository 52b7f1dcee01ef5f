package org.bounceguard.smtp;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.bounceguard.findings.AttachedVerdict;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.SessionCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches the DNSBL verdict to a mail at the end of its SMTP transaction, before James queues it,
 * so that whichever node's spooler takes the mail, {@code DnsblCheck} finds its verdict on it and
 * waits for nothing. The look-ups started at connect ({@link DnsblPrefetchHandler}), so the verdict
 * is normally ready; at worst this waits for the check's deadline. It never refuses a mail: whatever
 * goes wrong, nothing is attached and {@code DnsblCheck} looks the client up itself.
 *
 * <pre>{@code <handler class="org.bounceguard.smtp.DnsblVerdictHook"/>}</pre>
 *
 * <p>It runs the check of the first {@code DnsblCheck} of the mailet container; another
 * {@code DnsblCheck} with other settings ignores the attached verdict.
 */
public class DnsblVerdictHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblVerdictHook.class);

    private final DnsblService service;

    @Inject
    public DnsblVerdictHook(DnsblService service) {
        this.service = service;
    }

    /** It takes no parameters: a child element in its {@code <handler>} is a mistake. */
    @Override
    public void init(Configuration config) throws ConfigurationException {
        new HandlerParameters("DnsblVerdictHook", config).requireKnown(Set.of());
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            service.sessionCheck().ifPresent(check -> attach(session, mail, check));
        } catch (RuntimeException e) {
            LOGGER.debug("No DNSBL verdict attached to mail {}; DnsblCheck will look it up", mail.getName(), e);
        }
        return HookResult.DECLINED;
    }

    private static void attach(SMTPSession session, Mail mail, SessionCheck check) {
        long started = System.nanoTime();
        Optional<InetAddress> connecting = SessionFacts.client(session);
        Optional<String> helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection)
            .filter(name -> !name.isBlank());
        DnsblFinding result = check.check(mail, connecting, helo, session.getUsername() != null);
        AttachedVerdict.attach(mail, check.settings(), result, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
}
