package org.bounceguard.mailetbase;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.bounceguard.dnsbl.ZoneKeys;
import org.bounceguard.findings.BackscatterFinding;
import org.bounceguard.findings.DnsblCheckSettings;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.findings.NdrFinding;
import org.bounceguard.net.Values;
import org.bounceguard.services.DnsblLookup;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.NdrSuppressionService;
import org.bounceguard.suppression.NdrDecision;
import org.bounceguard.suppression.NdrGuard;
import org.bounceguard.suppression.NdrMode;
import org.bounceguard.suppression.NdrPolicy;
import org.bounceguard.suppression.NdrSignals;
import org.bounceguard.suppression.SuppressionReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * Whether this server may answer a mail's source - with an NDR, an out-of-office reply, a Sieve
 * rejection, a notification - and what is recorded when it may not. One instance per configured
 * mailet: the guard parameters ({@link #PARAMETERS}) are read once, in {@link #fromParameters}.
 *
 * <p>The facts about the source (DNSBL score, SPF, spam flag, bounce, auto-generated, bulk,
 * backscatter, and in strict mode the proof of the return path) come from the mail being answered;
 * the per-destination checks (the sender's domain can receive mail, the rate limit) are about the
 * address the answer goes to. Counters and the {@code NdrSuppression} MBean are shared by every
 * kind of answer.
 */
public final class AnswerGuard {
    /** List of reason codes, set on a mail whose NDR (or other answer) was suppressed. */
    public static final AttributeName SUPPRESSED = NdrFinding.SUPPRESSED;
    /** Set on a mail this server has answered (an NDR, a reply): a reprocessed copy is not answered again. */
    public static final AttributeName ANSWERED = AttributeName.of("bounceguard.ndr.sent");
    /** Set by WebAdmin's reprocessing of a mail repository's mails. */
    static final AttributeName REPROCESSING = AttributeName.of("mailRepository-reprocessing");
    private static final String DEFAULT_SPAM_ATTRIBUTES = "org.apache.james.spamassassin.flag, org.apache.james.rspamd.flag";
    /** The parameters the guard reads; a wrapped James mailet never sees them. */
    public static final Set<String> PARAMETERS = ImmutableSet.of("dnsblThreshold", "zones", "suppressOnSpfSoftfail",
        "suppressOnSpam", "spamAttributes", "checkSenderDomain", "suppressAutoSubmitted", "suppressPrecedence",
        "auditRepository", "mode");

    private static final Logger LOGGER = LoggerFactory.getLogger(AnswerGuard.class);

    private final NdrSuppressionService suppression;
    private final NdrGuard guard;
    private final Optional<DnsblLookup> dnsblLookup;
    private final List<AttributeName> spamAttributes;
    private final Optional<MailRepository> auditRepository;

    private AnswerGuard(NdrSuppressionService suppression, NdrGuard guard, Optional<DnsblLookup> dnsblLookup,
                        List<AttributeName> spamAttributes, Optional<MailRepository> auditRepository) {
        this.suppression = suppression;
        this.guard = guard;
        this.dnsblLookup = dnsblLookup;
        this.spamAttributes = spamAttributes;
        this.auditRepository = auditRepository;
    }

    /**
     * Reads the guard parameters of one mailet declaration.
     *
     * @param component the name errors start with, e.g. {@code GuardedDSNBounce}
     * @param parameter the declaration's parameters (null when absent)
     */
    public static AnswerGuard fromParameters(String component, Function<String, String> parameter, DnsblService dnsblService,
                                             NdrSuppressionService suppression, MailRepositoryStore repositoryStore) throws MessagingException {
        Parameters parameters = new Parameters(component);
        String zones = parameter.apply("zones");
        Optional<DnsblLookup> lookup = zones == null || zones.isBlank()
            ? Optional.empty()
            : Optional.of(new DnsblLookup(dnsblService, DnsblCheckSettings.of(
                parameters.zones("zones", zones, dnsblService == null ? ZoneKeys.NONE : dnsblService.zoneKeys()))));
        List<AttributeName> spamAttributes = Values.list(Optional.ofNullable(parameter.apply("spamAttributes")).orElse(DEFAULT_SPAM_ATTRIBUTES)).stream()
            .map(AttributeName::of)
            .collect(ImmutableList.toImmutableList());
        return new AnswerGuard(suppression, new NdrGuard(policy(parameters, parameter)), lookup, spamAttributes,
            auditRepository(parameters, parameter.apply("auditRepository"), repositoryStore));
    }

    private static NdrPolicy policy(Parameters parameters, Function<String, String> parameter) throws MessagingException {
        NdrPolicy defaults = NdrPolicy.defaults();
        NdrPolicy.Builder builder = defaults.toBuilder()
            .suppressOnSpfSoftfail(parameters.bool("suppressOnSpfSoftfail", parameter.apply("suppressOnSpfSoftfail"), defaults.suppressOnSpfSoftfail()))
            .suppressOnSpam(parameters.bool("suppressOnSpam", parameter.apply("suppressOnSpam"), defaults.suppressOnSpam()))
            .checkSenderDomain(parameters.bool("checkSenderDomain", parameter.apply("checkSenderDomain"), defaults.checkSenderDomain()))
            .suppressAutoSubmitted(parameters.bool("suppressAutoSubmitted", parameter.apply("suppressAutoSubmitted"), defaults.suppressAutoSubmitted()))
            .suppressPrecedence(parameters.bool("suppressPrecedence", parameter.apply("suppressPrecedence"), defaults.suppressPrecedence()));
        String mode = parameter.apply("mode");
        if (mode != null && !mode.isBlank()) {
            builder.mode(NdrMode.fromCode(mode).orElseThrow(() ->
                parameters.error("mode", "'" + mode.trim() + "' is not a mode; expected one of " + NdrMode.codes())));
        }
        String threshold = parameter.apply("dnsblThreshold");
        if (threshold != null && !threshold.isBlank()) {
            builder.dnsblThreshold(parameters.integer("dnsblThreshold", threshold, 1));
        }
        return builder.build();
    }

    private static Optional<MailRepository> auditRepository(Parameters parameters, String url, MailRepositoryStore store) throws MessagingException {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.select(MailRepositoryUrl.from(url.trim())));
        } catch (Exception e) {
            throw parameters.error("auditRepository", "'" + url.trim() + "' is not a usable mail repository URL: " + e.getMessage());
        }
    }

    public NdrPolicy policy() {
        return guard.policy();
    }

    /**
     * Decides whether {@code answered} may be answered at {@code answerRecipient} (empty: nowhere
     * to answer, as for a null sender) and counts a suppression; the caller counts a sent answer
     * with {@link #recordSent(Mail)} once it is sent. A mail reprocessed from a repository
     * after it was answered is never answered again. An allowed answer takes one from the
     * destination's rate-limit quota.
     */
    public NdrDecision decide(Mail answered, Optional<MailAddress> answerRecipient, MailetContext context) {
        if (isReprocessedAfterAnswer(answered)) {
            NdrDecision again = NdrDecision.suppress(SuppressionReason.ALREADY_ANSWERED);
            suppression.recordSuppressed(again);
            return again;
        }
        NdrDecision decision = guard.decide(signals(answered, answerRecipient, context));
        if (decision.suppressed()) {
            suppression.recordSuppressed(decision);
            return decision;
        }
        if (answerRecipient.isPresent() && !suppression.tryAcquire(answerRecipient.get())) {
            suppression.recordRateLimited();
            return NdrDecision.suppress(SuppressionReason.RATE_LIMITED);
        }
        return decision;
    }

    /** Counts a sent answer and marks the answered mail, so that reprocessing it answers no second time. */
    public void recordSent(Mail answered) {
        suppression.recordSent();
        markAnswered(answered);
    }

    /**
     * Records a suppression on the answered mail (reason codes added to {@link #SUPPRESSED}), in
     * the log at INFO and, when configured, in the audit repository.
     *
     * @param what the answer that was dropped, for the log: {@code NDR}, {@code VacationMailet reply}, ...
     */
    public void recordSuppression(Mail answered, NdrDecision decision, String what, String by) {
        List<String> codes = NdrFinding.writeSuppressed(answered, decision);
        LOGGER.info("{} suppressed: mail {} from {} ({}): {}", what, answered.getName(), answered.getMaybeSender().asString(),
            by, String.join(", ", codes));
        auditRepository.ifPresent(repository -> store(repository, answered));
    }

    /** The reason codes already recorded on a mail, in order. */
    public static List<String> suppressedCodes(Mail mail) {
        return NdrFinding.suppressed(mail);
    }

    /** Whether WebAdmin reprocesses this mail from a repository after this server answered it once. */
    public static boolean isReprocessedAfterAnswer(Mail mail) {
        return mail.getAttribute(REPROCESSING).isPresent() && mail.getAttribute(ANSWERED).isPresent();
    }

    /** Marks a mail this server answered, so that reprocessing it answers no second time. */
    public static void markAnswered(Mail mail) {
        mail.setAttribute(new Attribute(ANSWERED, AttributeValue.of(true)));
    }

    private void store(MailRepository repository, Mail mail) {
        try {
            repository.store(mail);
        } catch (Exception e) {
            // the decision stands; losing the audit copy must not turn into an error-repository mail
            LOGGER.warn("Could not store mail {} in the audit repository of suppressed answers", mail.getName(), e);
        }
    }

    private NdrSignals signals(Mail mail, Optional<MailAddress> answerRecipient, MailetContext context) {
        NdrSignals.Builder signals = NdrSignals.builder();
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isPresent()) {
            signals.envelopeSender(sender.get().asString());
        } else {
            signals.nullSender();
        }
        dnsblScore(mail).ifPresent(signals::dnsblScore);
        MailFacts.spfResult(mail).ifPresent(signals::spfResult);
        signals.spamFlagged(isSpamFlagged(mail));
        MailFacts.header(mail, "Auto-Submitted").ifPresent(signals::autoSubmitted);
        MailFacts.header(mail, "Precedence").ifPresent(signals::precedence);
        if (guard.policy().checkSenderDomain()) {
            answerRecipient.ifPresent(address -> signals.senderDomainRoutable(isRoutable(address, context)));
        }
        signals.backscatter(BackscatterFinding.isQuarantined(mail));
        if (guard.policy().mode() == NdrMode.AUTHENTICATED_ONLY) {
            signals.senderAuthenticated(MailFacts.isAuthenticated(mail));
            answerRecipient.ifPresent(address -> signals.senderLocal(context.isLocalServer(address.getDomain())));
            signals.dkimPassDomains(MailFacts.dkimResult(mail).map(AnswerGuard::dkimPassDomains).orElse(List.of()));
        }
        return signals.build();
    }

    private Optional<Integer> dnsblScore(Mail mail) {
        Optional<Integer> stored = DnsblFinding.score(mail);
        if (stored.isPresent() || dnsblLookup.isEmpty()) {
            return stored;
        }
        return Optional.of(dnsblLookup.get().checkAndRecord(mail).finding().verdict().score());
    }

    private Optional<Boolean> isRoutable(MailAddress address, MailetContext context) {
        if (context.isLocalServer(address.getDomain())) {
            return Optional.of(true);
        }
        return suppression.isRoutable(address.getDomain());
    }

    private boolean isSpamFlagged(Mail mail) {
        boolean byAttribute = spamAttributes.stream()
            .map(name -> MailFacts.stringAttribute(mail, name))
            .flatMap(Optional::stream)
            .map(value -> value.trim().toLowerCase(Locale.ROOT))
            .anyMatch(value -> value.equals("yes") || value.equals("true") || value.startsWith("yes,") || value.equals("spam"));
        return byAttribute || MailFacts.header(mail, "X-Spam-Flag").map(value -> value.trim().equalsIgnoreCase("yes")).orElse(false);
    }

    /** The domains of the identities in a DKIMVerify "pass" result; nothing for fail or neutral. */
    static List<String> dkimPassDomains(String result) {
        String trimmed = result.trim();
        if (!trimmed.regionMatches(true, 0, "pass", 0, 4)) {
            return List.of();
        }
        ImmutableList.Builder<String> domains = ImmutableList.builder();
        String marker = "(identity ";
        for (int start = trimmed.indexOf(marker); start >= 0; start = trimmed.indexOf(marker, start + 1)) {
            int end = trimmed.indexOf(')', start);
            if (end < 0) {
                break;
            }
            String identity = trimmed.substring(start + marker.length(), end).trim();
            String domain = identity.substring(identity.lastIndexOf('@') + 1);
            if (!domain.isEmpty()) {
                domains.add(domain);
            }
        }
        return domains.build();
    }
}
