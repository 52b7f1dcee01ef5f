package org.bounceguard.smtp;

import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.user.api.UsersRepository;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.backscatter.batv.BatvTag;
import org.bounceguard.net.Addresses;
import org.bounceguard.services.BatvService;
import org.bounceguard.services.BounceStormService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BATV at RCPT time. Place it before {@code ValidRcptHandler} in {@code smtpserver.xml}:
 * <ul>
 *     <li>A {@code prvs=} address of a local user is accepted (James's own recipient check would
 *     answer "550 5.1.1 Unknown user"); {@code BatvStrip} later checks the tag and delivers to
 *     the plain address.</li>
 *     <li>With {@code <rejectUnsignedBounces>true</rejectUnsignedBounces>} (off by default; the
 *     strongest setting), a bounce ({@code MAIL FROM:<>}, {@code postmaster@} or
 *     {@code MAILER-DAEMON@}: {@link Addresses#isBounceSender}) to an address of a signing domain
 *     without a valid tag is refused with {@code 550 5.7.1}: the sending server, not us, deals
 *     with it. It also refuses legitimate bounces that do not answer our own mail (read
 *     receipts, some auto-replies): turn it on knowingly.</li>
 *     <li>During a bounce storm of the recipient ({@code storm.*}, {@link BounceStormHook}), the same
 *     bounce without a valid tag is refused with {@code 550 5.7.1}, whatever that setting says.</li>
 * </ul>
 */
public class BatvRcptHook implements RcptHook {
    static final String REJECT_UNSIGNED_BOUNCES = "rejectUnsignedBounces";
    private static final Logger LOGGER = LoggerFactory.getLogger(BatvRcptHook.class);
    private static final HookResult REFUSED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription("5.7.1 This address accepts bounces only for mail it sent (BATV tag missing or invalid)")
        .build();
    private static final HookResult REFUSED_IN_STORM = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription("5.7.1 This address receives a flood of bounces for mail it never sent; bounces to it without"
            + " a valid BATV tag are refused for now")
        .build();

    private final BatvService batv;
    private final UsersRepository users;
    private final DomainList domains;
    private final BounceStormService storms;
    private boolean rejectUnsignedBounces;

    @Inject
    public BatvRcptHook(BatvService batv, UsersRepository users, DomainList domains, BounceStormService storms) {
        this.batv = batv;
        this.users = users;
        this.domains = domains;
        this.storms = storms;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerParameters parameters = new HandlerParameters("BatvRcptHook", config);
        parameters.requireKnown(Set.of(REJECT_UNSIGNED_BOUNCES));
        rejectUnsignedBounces = parameters.bool(REJECT_UNSIGNED_BOUNCES, false);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        try {
            if (!domains.containsDomain(recipient.getDomain()) || !batv.signs(recipient.getDomain().asString(), true)) {
                return HookResult.DECLINED;
            }
            boolean tagged = BatvTag.hasPrefix(recipient.asString());
            if (Addresses.isBounceSender(sender.asOptional().map(MailAddress::asString))) {
                BatvResult result = tagged ? batv.verify(recipient.asString()) : new BatvResult.NotTagged(recipient.asString());
                if (!result.isValid()) {
                    if (rejectUnsignedBounces) {
                        LOGGER.info("Refused a bounce to {} at RCPT: BATV {}", recipient.asString(), tagged ? "tag invalid" : "tag missing");
                        return REFUSED;
                    }
                    if (inStorm(result.originalAddress())) {
                        storms.storms().recordRefusedAtRcpt();
                        LOGGER.debug("Refused a bounce to {} at RCPT: bounce storm, BATV {}", recipient.asString(),
                            tagged ? "tag invalid" : "tag missing");
                        return REFUSED_IN_STORM;
                    }
                }
            }
            if (tagged) {
                return BatvService.stripTag(recipient.asString())
                    .filter(this::isUser)
                    .map(original -> HookResult.OK)
                    .orElse(HookResult.DECLINED);
            }
            return HookResult.DECLINED;
        } catch (Exception e) {
            // never break the SMTP session over BATV: let James's own checks decide
            LOGGER.warn("BATV check of recipient {} failed; leaving it to the next handler", recipient.asString(), e);
            return HookResult.DECLINED;
        }
    }

    private boolean inStorm(String address) {
        return storms != null && storms.storms().inStorm(address);
    }

    private boolean isUser(String address) {
        try {
            // James's own mapping: the local part alone when virtual hosting is off (its default)
            return users.contains(users.getUsername(new MailAddress(address)));
        } catch (Exception e) {
            return false;
        }
    }
}
