package org.bounceguard.smtp;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.RcptRefusalCounters;
import org.bounceguard.dnsbl.RcptRefusalPolicy;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.net.Values;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.RcptRefusalService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

/**
 * Refuses, at RCPT, a client whose DNSBL score reaches {@code rejectThreshold}: {@code 550 5.7.1}
 * with the list's TXT reason (or {@code rejectMessage}). A refusal during the SMTP dialogue makes
 * the sending server report the failure to the sender it really has, so no backscatter can come
 * from us. Place it before {@code ValidRcptHandler}:
 *
 * <pre>{@code
 * <handler class="org.bounceguard.smtp.DnsblRcptRefusal">
 *     <zones>zen.spamhaus.org=127.0.0.[2..11]*3, bl.spamcop.net=127.0.0.2*2</zones>
 *     <rejectThreshold>5</rejectThreshold>
 * </handler>
 * }</pre>
 *
 * <p>It never refuses {@code postmaster@} or {@code abuse@} of our domains (RFC 5321 4.5.1,
 * RFC 2142), an SMTP-authenticated or relay-allowed client, or anyone when the lists could not be
 * asked (fail open) - unless {@code tempfailZones} names the zone that failed: then {@code 451
 * 4.7.1} until it answers again. With {@link DnsblPrefetchHandler} the look-ups started when the
 * client connected, and the engine's cache or its in-flight query answers here: no extra round trip.
 * Safe-mode zones are never asked here (a listing there is no judgement of the source).
 *
 * <p>What it did is counted in {@link RcptRefusalCounters}, published as the
 * {@code org.bounceguard:type=RcptRefusal} MBean and the {@code bounceguard_rcpt_refusal_*}
 * gauges. Every declaration, on every listener, feeds the same one set of counts per server, as
 * every guarded bounce mailet feeds one {@code NdrSuppression}: the question is how many clients
 * this server turned away, whichever port they came to (each refusal's log line names the client
 * and the recipient). The per-zone counts cover the zones of all declarations, by display name.
 */
public class DnsblRcptRefusal implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblRcptRefusal.class);
    private static final Set<String> ROLE_ACCOUNTS = ImmutableSet.of("postmaster", "abuse");
    static final int DEFAULT_REJECT_THRESHOLD = 5;
    private static final Set<String> PARAMETERS = ImmutableSet.of("zones", "rejectThreshold", "rejectMessage", "tempfailZones");

    private final DnsblService dnsbl;
    private final DomainList domains;
    private final RcptRefusalService refusals;
    private final RcptRefusalCounters counters;
    private List<ZoneSpec> zones;
    private RcptRefusalPolicy policy;

    @Inject
    public DnsblRcptRefusal(DnsblService dnsbl, DomainList domains, RcptRefusalService refusals) {
        this.dnsbl = dnsbl;
        this.domains = domains;
        this.counters = refusals.counters();
        this.refusals = refusals;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        new HandlerParameters("DnsblRcptRefusal", config).requireKnown(PARAMETERS);
        String zoneList = config.getString("zones", "");
        if (zoneList.isBlank()) {
            throw error("zones", "is required: the client-IP zones to score, as in DnsblCheck, e.g. zen.spamhaus.org=127.0.0.[2..11]*3");
        }
        try {
            zones = ZoneSpec.parseList(zoneList, dnsbl.zoneKeys()).stream().filter(zone -> !zone.safeMode()).toList();
        } catch (IllegalArgumentException e) {
            throw error("zones", e.getMessage());
        }
        int threshold;
        try {
            threshold = config.getInt("rejectThreshold", DEFAULT_REJECT_THRESHOLD);
        } catch (RuntimeException e) {
            throw error("rejectThreshold", "'" + config.getString("rejectThreshold") + "' is not a whole number");
        }
        if (threshold < 1) {
            throw error("rejectThreshold", "must be at least 1, got " + threshold);
        }
        Optional<String> message = Optional.ofNullable(config.getString("rejectMessage", null))
            .map(RcptRefusalPolicy::printable).filter(text -> !text.isEmpty());
        Set<String> tempfail = ImmutableSet.copyOf(Values.list(config.getString("tempfailZones", "")));
        policy = new RcptRefusalPolicy(threshold, message, tempfail);
        // the connect-time prefetch asks the zones in use: these become some of them
        dnsbl.watch(zones);
        refusals.addZones(zones.stream().map(ZoneSpec::zone).toList());
    }

    private static ConfigurationException error(String parameter, String problem) {
        return new ConfigurationException("DnsblRcptRefusal: parameter '" + parameter + "' " + problem);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        Optional<InetAddress> client = SessionFacts.client(session);
        if (client.isEmpty()) {
            return HookResult.DECLINED;
        }
        if (session.getUsername() != null || session.isRelayingAllowed()) {
            counters.recordTrustedClient();
            return HookResult.DECLINED;
        }
        if (isRoleAccount(recipient)) {
            counters.recordRoleAccount();
            return HookResult.DECLINED;
        }
        String clientText = client.get().getHostAddress();
        // bounded by the engine's deadline; any failure is "not listed" (fail open)
        DnsblVerdict verdict = dnsbl.engine().checkBlocking(DnsblRequest.of(DnsblQuery.client(client.get()), zones));
        RcptRefusalPolicy.Answer answer = policy.decide(client.get(), verdict);
        counters.recordChecked(verdict, answer);
        if (answer instanceof RcptRefusalPolicy.Answer.Refuse refuse) {
            LOGGER.info("Refused RCPT {} from {} (MAIL FROM {}) at DNSBL score {}: {}", recipient.asString(), clientText,
                sender.asString(), verdict.score(), verdict.summary());
            return reply(HookReturnCode.deny(), "550", refuse.text());
        }
        if (answer instanceof RcptRefusalPolicy.Answer.Defer defer) {
            LOGGER.info("Deferred RCPT {} from {}: {}", recipient.asString(), clientText, defer.text());
            return reply(HookReturnCode.denySoft(), "451", defer.text());
        }
        return HookResult.DECLINED;
    }

    private boolean isRoleAccount(MailAddress recipient) {
        if (!ROLE_ACCOUNTS.contains(recipient.getLocalPart().toLowerCase(Locale.ROOT))) {
            return false;
        }
        try {
            return domains.containsDomain(recipient.getDomain());
        } catch (Exception e) {
            // cannot tell whether the domain is ours: accepting a role address is the safe side
            return true;
        }
    }

    private static HookResult reply(HookReturnCode code, String smtpCode, String text) {
        return HookResult.builder().hookReturnCode(code).smtpReturnCode(smtpCode).smtpDescription(text).build();
    }
}
