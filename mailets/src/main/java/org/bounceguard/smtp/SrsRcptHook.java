package org.bounceguard.smtp;

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
import org.bounceguard.net.Addresses;
import org.bounceguard.services.SrsService;
import org.bounceguard.srs.SrsResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reverse SRS at RCPT time. Place it before {@code BatvRcptHook} and {@code ValidRcptHandler} in
 * {@code smtpserver.xml}:
 * <ul>
 *     <li>an SRS address of {@code srs.domain} whose hash and time verify is accepted for a bounce
 *     ({@code MAIL FROM:<>}, {@code postmaster@}, {@code MAILER-DAEMON@}; it names no user, so
 *     James's own check would refuse it); {@code SrsReverse} later sends the bounce on, or not.
 *     Any other mail to it is refused with {@code 550 5.7.1}: whoever saw a forwarded mail's
 *     envelope could otherwise relay mail through us to its original sender;</li>
 *     <li>one whose hash fails, that is older than {@code srs.maxAgeDays} or that is not of the
 *     scheme's shape is refused with {@code 550 5.7.1}: the server that wants to deliver the forged
 *     or stale bounce keeps it, and it costs us nothing further. Counted per reason.</li>
 * </ul>
 * Every other recipient is left to the next handler. It takes no parameters.
 */
public class SrsRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SrsRcptHook.class);
    private static final HookResult NOT_A_BOUNCE = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription("5.7.1 This forwarding address accepts only delivery reports (MAIL FROM:<>)")
        .build();

    private final SrsService srs;

    @Inject
    public SrsRcptHook(SrsService srs) {
        this.srs = srs;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        new HandlerParameters("SrsRcptHook", config).requireKnown(Set.of());
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        try {
            String address = recipient.asString();
            if (!srs.isOurs(address)) {
                return HookResult.DECLINED;
            }
            SrsResult result = srs.reverse(address);
            if (result.isValid() && !Addresses.isBounceSender(sender.asOptional().map(MailAddress::asString))) {
                // an SRS address answers delivery reports only: anything else would be relayed through us
                LOGGER.info("Refused RCPT to {} from {}: not a bounce", address, sender.asString());
                return NOT_A_BOUNCE;
            }
            if (result instanceof SrsResult.Invalid invalid) {
                srs.counters().recordRefused(invalid.reason());
                LOGGER.info("Refused RCPT to {} from {}: {}", address, sender.asString(), invalid.reason().code());
                return refused(invalid.reason());
            }
            return result.isValid() ? HookResult.OK : HookResult.DECLINED;
        } catch (RuntimeException e) {
            // never break the SMTP session over SRS: let James's own checks decide
            LOGGER.warn("SRS check of recipient {} failed; leaving it to the next handler", recipient.asString(), e);
            return HookResult.DECLINED;
        }
    }

    static HookResult refused(SrsResult.Invalid.Reason reason) {
        String why = switch (reason) {
            case BAD_HASH -> "its signature does not verify";
            case EXPIRED -> "it has expired";
            case MALFORMED -> "it is malformed";
        };
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription("5.7.1 This forwarding address accepts answers only to mail it forwarded; " + why)
            .build();
    }
}
