package org.bounceguard.james;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.transport.mailets.redirect.RedirectNotify;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.GenericMailet;
import org.bounceguard.findings.BackscatterFinding;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.findings.NdrFinding;
import org.bounceguard.net.TrustedRelays;
import org.bounceguard.net.Values;
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
import com.google.common.collect.Iterators;
import com.google.common.collect.Sets;

/**
 * A James bounce mailet ({@code Bounce}, {@code DSNBounce}) behind a guard: the NDR is sent
 * exactly as James would send it when the failed mail's source is trustworthy, and silently
 * dropped (counted, logged, recorded on the mail, optionally stored for audit) when it is
 * dubious. Guard parameters are listed in {@link #GUARD_PARAMETERS}; the wrapped mailet's own go
 * to it unchanged; any other parameter is refused at start-up.
 */
public abstract class GuardedNdr<T extends GenericMailet & RedirectNotify> extends BounceguardMailet {
    private static final String DEFAULT_SPAM_ATTRIBUTES = "org.apache.james.spamassassin.flag, org.apache.james.rspamd.flag";
    static final Set<String> GUARD_PARAMETERS = ImmutableSet.of("dnsblThreshold", "zones", "suppressOnSpfSoftfail",
        "suppressOnSpam", "spamAttributes", "checkSenderDomain", "suppressAutoSubmitted", "suppressPrecedence",
        "auditRepository", "mode");

    private static final Logger LOGGER = LoggerFactory.getLogger(GuardedNdr.class);

    private final DnsblService dnsblService;
    private final NdrSuppressionService suppression;
    private final MailRepositoryStore repositoryStore;
    private final T delegate;

    private NdrGuard guard;
    private Optional<DnsblLookup> dnsblLookup;
    private List<AttributeName> spamAttributes;
    private Optional<MailRepository> auditRepository;

    protected GuardedNdr(DnsblService dnsblService, NdrSuppressionService suppression, MailRepositoryStore repositoryStore, T delegate) {
        this.dnsblService = dnsblService;
        this.suppression = suppression;
        this.repositoryStore = repositoryStore;
        this.delegate = delegate;
    }

    /** The guard's parameters and the wrapped James mailet's: anything else is a typo. */
    @Override
    protected Set<String> parameters() {
        return Sets.union(GUARD_PARAMETERS, delegate.getAllowedInitParameters());
    }

    @Override
    protected void configure(Parameters parameters) throws MessagingException {
        guard = new NdrGuard(policy(parameters));
        String zones = getInitParameter("zones");
        dnsblLookup = zones == null || zones.isBlank()
            ? Optional.empty()
            : Optional.of(new DnsblLookup(dnsblService, parameters.zones("zones", zones), Optional.empty(), TrustedRelays.NONE));
        spamAttributes = Values.list(Optional.ofNullable(getInitParameter("spamAttributes")).orElse(DEFAULT_SPAM_ATTRIBUTES)).stream()
            .map(AttributeName::of)
            .collect(ImmutableList.toImmutableList());
        auditRepository = auditRepository(parameters, getInitParameter("auditRepository"));
        delegate.init(new DelegateConfig(getMailetConfig()));
    }

    private NdrPolicy policy(Parameters parameters) throws MessagingException {
        NdrPolicy defaults = NdrPolicy.defaults();
        String threshold = getInitParameter("dnsblThreshold");
        NdrPolicy.Builder builder = defaults.toBuilder()
            .suppressOnSpfSoftfail(parameters.bool("suppressOnSpfSoftfail", getInitParameter("suppressOnSpfSoftfail"), defaults.suppressOnSpfSoftfail()))
            .suppressOnSpam(parameters.bool("suppressOnSpam", getInitParameter("suppressOnSpam"), defaults.suppressOnSpam()))
            .checkSenderDomain(parameters.bool("checkSenderDomain", getInitParameter("checkSenderDomain"), defaults.checkSenderDomain()))
            .suppressAutoSubmitted(parameters.bool("suppressAutoSubmitted", getInitParameter("suppressAutoSubmitted"), defaults.suppressAutoSubmitted()))
            .suppressPrecedence(parameters.bool("suppressPrecedence", getInitParameter("suppressPrecedence"), defaults.suppressPrecedence()));
        String mode = getInitParameter("mode");
        if (mode != null && !mode.isBlank()) {
            builder.mode(NdrMode.fromCode(mode).orElseThrow(() ->
                parameters.error("mode", "'" + mode.trim() + "' is not a mode; expected one of " + NdrMode.codes())));
        }
        if (threshold != null && !threshold.isBlank()) {
            builder.dnsblThreshold(parameters.integer("dnsblThreshold", threshold, 1));
        }
        return builder.build();
    }

    private Optional<MailRepository> auditRepository(Parameters parameters, String url) throws MessagingException {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(repositoryStore.select(MailRepositoryUrl.from(url.trim())));
        } catch (Exception e) {
            throw parameters.error("auditRepository", "'" + url.trim() + "' is not a usable mail repository URL: " + e.getMessage());
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (AnswerGuard.isReprocessedAfterAnswer(mail)) {
            NdrDecision again = NdrDecision.suppress(SuppressionReason.ALREADY_ANSWERED);
            suppression.recordSuppressed(again);
            suppress(mail, again);
            return;
        }
        NdrDecision decision = guard.decide(signals(mail));
        if (!decision.suppressed()) {
            Optional<MailAddress> ndrRecipient = mail.getMaybeSender().asOptional();
            if (ndrRecipient.isPresent() && !suppression.tryAcquire(ndrRecipient.get().asString())) {
                suppression.recordRateLimited();
                suppress(mail, NdrDecision.suppress(SuppressionReason.RATE_LIMITED));
                return;
            }
            delegate.service(mail);
            suppression.recordSent();
            AnswerGuard.markAnswered(mail);
            return;
        }
        suppression.recordSuppressed(decision);
        suppress(mail, decision);
    }

    private void suppress(Mail mail, NdrDecision decision) {
        List<String> codes = NdrFinding.writeSuppressed(mail, decision);
        LOGGER.info("NDR suppressed: mail {} from {} ({}): {}", mail.getName(), mail.getMaybeSender().asString(),
            name(), String.join(", ", codes));
        auditRepository.ifPresent(repository -> store(repository, mail));
        if (!delegate.getInitParameters().getPassThrough()) {
            mail.setState(Mail.GHOST);
        }
    }

    private void store(MailRepository repository, Mail mail) {
        try {
            repository.store(mail);
        } catch (Exception e) {
            // the decision stands; losing the audit copy must not turn into an error-repository mail
            LOGGER.warn("Could not store mail {} in the NDR audit repository", mail.getName(), e);
        }
    }

    private NdrSignals signals(Mail mail) {
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
            sender.ifPresent(address -> signals.senderDomainRoutable(isRoutable(address)));
        }
        signals.backscatter(BackscatterFinding.isQuarantined(mail));
        if (guard.policy().mode() == NdrMode.AUTHENTICATED_ONLY) {
            signals.senderAuthenticated(MailFacts.isAuthenticated(mail));
            sender.ifPresent(address -> signals.senderLocal(getMailetContext().isLocalServer(address.getDomain())));
            signals.dkimPassDomains(MailFacts.dkimResult(mail).map(GuardedNdr::dkimPassDomains).orElse(List.of()));
        }
        return signals.build();
    }

    private Optional<Integer> dnsblScore(Mail mail) {
        Optional<Integer> stored = DnsblFinding.score(mail);
        if (stored.isPresent() || dnsblLookup.isEmpty()) {
            return stored;
        }
        DnsblFinding finding = dnsblLookup.get().check(mail);
        finding.writeTo(mail);
        return Optional.of(finding.verdict().score());
    }

    private Optional<Boolean> isRoutable(MailAddress sender) {
        MailetContext context = getMailetContext();
        if (context.isLocalServer(sender.getDomain())) {
            return Optional.of(true);
        }
        return suppression.isRoutable(sender.getDomain().asString());
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

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public String getMailetInfo() {
        return delegate.getClass().getSimpleName() + ", unless the source is dubious (Bounceguard)";
    }

    /** James's mailet sees its own parameters only: it rejects unknown ones. */
    private static final class DelegateConfig implements MailetConfig {
        private final MailetConfig config;

        DelegateConfig(MailetConfig config) {
            this.config = config;
        }

        @Override
        public String getInitParameter(String name) {
            return GUARD_PARAMETERS.contains(name) ? null : config.getInitParameter(name);
        }

        @Override
        public Iterator<String> getInitParameterNames() {
            return Iterators.filter(config.getInitParameterNames(), name -> !GUARD_PARAMETERS.contains(name));
        }

        @Override
        public MailetContext getMailetContext() {
            return config.getMailetContext();
        }

        @Override
        public String getMailetName() {
            return config.getMailetName();
        }
    }
}
