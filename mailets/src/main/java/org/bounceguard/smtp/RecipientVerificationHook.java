package org.bounceguard.smtp;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.bounceguard.services.RecipientVerificationService;
import org.bounceguard.verify.Decision;
import org.bounceguard.verify.ProbeAllowanceKey;
import org.bounceguard.verify.RecipientVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies, at RCPT, recipients of the relayed domains of {@code verify.domains} against the
 * backend each is delivered to ({@link RecipientVerifier}): an unknown user is refused now with
 * {@code 550 5.1.1} and the backend's text, so the sending server - not us, later, to a possibly
 * forged sender - reports the failure. A backend that cannot answer defers ({@code 450}); a
 * verified recipient is accepted ({@code 250}) for relaying. Relayed domains are not James
 * domains: this hook is what accepts their recipients from unauthenticated clients. Place it after
 * {@code DnsblRcptRefusal} and {@code BatvRcptHook}, before {@code ValidRcptHandler}:
 *
 * <pre>{@code
 * <handler class="org.bounceguard.smtp.RecipientVerificationHook"/>
 * }</pre>
 *
 * <p>Never verified: recipients of other domains (left to the next handlers), {@code postmaster@}
 * and {@code abuse@} of a relayed domain (accepted, RFC 5321 4.5.1, RFC 2142), and every recipient
 * of an authenticated or relay-allowed client (left to James, which relays for them).
 */
public class RecipientVerificationHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientVerificationHook.class);
    private static final Set<String> ROLE_ACCOUNTS = Set.of("postmaster", "abuse");
    private static final HookResult ACCEPTED = HookResult.builder().hookReturnCode(HookReturnCode.ok())
        .smtpReturnCode("250").smtpDescription("2.1.5 Recipient OK").build();

    private final RecipientVerifier verifier;

    @Inject
    public RecipientVerificationHook(RecipientVerificationService service) {
        this.verifier = service.verifier();
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        new HandlerParameters("RecipientVerificationHook", config).requireKnown(Set.of());
        if (verifier.policy().domains().isEmpty()) {
            LOGGER.info("RecipientVerificationHook: verify.domains names no relayed domain; it verifies nothing");
        }
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        if (!verifier.verifies(recipient.asString())) {
            return HookResult.DECLINED;
        }
        if (session.getUsername() != null || session.isRelayingAllowed()) {
            return HookResult.DECLINED;
        }
        if (ROLE_ACCOUNTS.contains(recipient.getLocalPart().toLowerCase(Locale.ROOT))) {
            return ACCEPTED;
        }
        String client = SessionFacts.client(session).map(ProbeAllowanceKey::of).orElse("unknown");
        Decision decision;
        try {
            decision = verifier.verify(client, recipient.asString());
        } catch (RuntimeException e) {
            // never an accept and never a permanent refusal on our own failure
            LOGGER.warn("Recipient verification of {} failed; deferring", recipient.asString(), e);
            return reply(HookReturnCode.denySoft(), "451", "4.3.0 Recipient address not verified yet: try again later");
        }
        if (decision instanceof Decision.Accept) {
            return ACCEPTED;
        }
        if (decision instanceof Decision.Refuse refuse) {
            LOGGER.info("Refused RCPT {} from {} (MAIL FROM {}): unknown to its backend", recipient.asString(), client, sender.asString());
            return reply(HookReturnCode.deny(), "550", "5.1.1 " + refuse.backendText());
        }
        if (decision instanceof Decision.Defer defer) {
            return reply(HookReturnCode.denySoft(), "450", defer.enhancedCode() + " " + defer.reason());
        }
        return HookResult.DECLINED;
    }

    private static HookResult reply(HookReturnCode code, String smtpCode, String text) {
        return HookResult.builder().hookReturnCode(code).smtpReturnCode(smtpCode).smtpDescription(text).build();
    }
}
