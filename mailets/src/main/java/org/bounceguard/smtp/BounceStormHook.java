package org.bounceguard.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.bounceguard.backscatter.BackscatterEvidence;
import org.bounceguard.backscatter.BackscatterJudge;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.findings.StormFinding;
import org.bounceguard.services.BackscatterService;
import org.bounceguard.services.BatvService;
import org.bounceguard.services.BounceStormService;
import org.bounceguard.storm.BounceStorms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every incoming bounce at the end of DATA, before James queues it, with the evidence
 * sources and the judge {@code IsBackscatter} uses (the first one's condition; the outbound
 * ledger, BATV tags, the DNSBL verdict {@link DnsblVerdictHook} attached), and
 * <ul>
 *     <li>refuses it with {@code 550 5.7.1} when no recipient is proven and one of its unproven
 *     recipients is in storm mode ({@code storm.*}) - or always, with
 *     {@code <refuseUnprovenBounces>true</refuseUnprovenBounces>} (off by default);</li>
 *     <li>otherwise accepts it and counts its unproven recipients towards their storms at once, so
 *     that the bounce reaching the threshold is the last one accepted. The evidence stays on the
 *     mail: {@code IsBackscatter} quarantines the same recipients without asking again.</li>
 * </ul>
 * A bounce proven for one of its recipients (valid tag, ledger proof) is accepted during a storm.
 * Place it after {@code DnsblVerdictHook} and before {@code CoreCmdHandlerLoader}:
 *
 * <pre>{@code <handler class="org.bounceguard.smtp.BounceStormHook"/>}</pre>
 *
 * Whatever goes wrong (unreadable MIME, a failing store), the mail is accepted and the usual
 * pipeline decides.
 */
public class BounceStormHook implements JamesMessageHook {
    static final String REFUSE_UNPROVEN_BOUNCES = "refuseUnprovenBounces";
    private static final Logger LOGGER = LoggerFactory.getLogger(BounceStormHook.class);
    static final HookResult REFUSED_IN_STORM = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription("5.7.1 This address receives a flood of bounces for mail it never sent; bounces to it that do not"
            + " answer its own mail are refused for now")
        .build();
    static final HookResult REFUSED_UNPROVEN = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription("5.7.1 This server accepts bounces only for mail it sent")
        .build();

    private final BackscatterService backscatter;
    private final BounceStormService storms;
    private final Provider<BatvService> batv;
    private final DomainList domains;
    private boolean refuseUnprovenBounces;

    @Inject
    public BounceStormHook(BackscatterService backscatter, BounceStormService storms, Provider<BatvService> batv, DomainList domains) {
        this.backscatter = backscatter;
        this.storms = storms;
        this.batv = batv;
        this.domains = domains;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerParameters parameters = new HandlerParameters("BounceStormHook", config);
        parameters.requireKnown(Set.of(REFUSE_UNPROVEN_BOUNCES));
        refuseUnprovenBounces = parameters.bool(REFUSE_UNPROVEN_BOUNCES, false);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        try {
            if (!MailFacts.isIncomingBounce(mail) || session.getUsername() != null) {
                return HookResult.DECLINED;
            }
            return judge(mail);
        } catch (RuntimeException e) {
            // never lose a mail over this check: the mailet container judges it again
            LOGGER.warn("Bounce storm check of mail {} failed; accepting it for the usual pipeline", mail.getName(), e);
            return HookResult.DECLINED;
        }
    }

    private HookResult judge(Mail mail) {
        Map<String, BatvResult> batvResults = new LinkedHashMap<>();
        List<String> recipients = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (signs(recipient)) {
                BatvResult result = batv.get().verify(recipient.asString());
                recipients.add(result.originalAddress());
                batvResults.put(result.originalAddress(), result);
            } else {
                recipients.add(recipient.asString());
            }
        }
        BackscatterEvidence evidence = backscatter.evidenceInSession(mail, recipients, batvResults);
        BackscatterJudge.Decision verdict = backscatter.judge().decide(evidence, recipients);
        List<String> unproven = verdict.backscatterRecipients();
        BounceStorms bounceStorms = storms.storms();
        boolean noneProven = unproven.size() == recipients.size();
        if (noneProven && !unproven.isEmpty()) {
            List<String> inStorm = unproven.stream().filter(bounceStorms::inStorm).toList();
            if (refuseUnprovenBounces || !inStorm.isEmpty()) {
                bounceStorms.recordRefusedAtData();
                LOGGER.info("Refused an unproven bounce to {} at the end of DATA ({}): {}", unproven,
                    inStorm.isEmpty() ? "unproven bounces are always refused" : "bounce storm", verdict.reasons());
                return inStorm.isEmpty() ? REFUSED_UNPROVEN : REFUSED_IN_STORM;
            }
        }
        unproven.forEach(bounceStorms::countUnproven);
        StormFinding.markCounted(mail);
        return HookResult.DECLINED;
    }

    /** Whether a tag is expected on this address; without BATV keys (no BATV at all), never. */
    private boolean signs(MailAddress recipient) {
        try {
            return domains.containsDomain(recipient.getDomain()) && batv.get().signs(recipient.getDomain().asString(), true);
        } catch (Exception e) {
            return false;
        }
    }
}
