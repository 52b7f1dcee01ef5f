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
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.GenericMailet;
import org.bounceguard.suppression.NdrDecision;
import org.bounceguard.suppression.NdrGuard;
import org.bounceguard.suppression.NdrMode;
import org.bounceguard.suppression.NdrPolicy;
import org.bounceguard.suppression.NdrSignals;
import org.bounceguard.suppression.SuppressionReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Iterators;

/**
 * A James bounce mailet ({@code Bounce}, {@code DSNBounce}) behind a guard: the NDR is sent
 * exactly as James would send it when the failed mail's source is trustworthy, and silently
 * dropped (counted, logged, recorded on the mail, optionally stored for audit) when it is
 * dubious. Guard parameters are listed in {@link #GUARD_PARAMETERS}; every other parameter goes
 * to the James mailet unchanged.
 */
public abstract class GuardedNdr<T extends GenericMailet & RedirectNotify> extends GenericMailet {
    /** List of reason codes, set on a mail whose NDR was suppressed. */
    public static final AttributeName SUPPRESSED = AttributeName.of("bounceguard.ndr.suppressed");
    /** Set by backscatter detection: a mail so marked is never bounced. */
    public static final AttributeName BACKSCATTER_MARK = AttributeName.of("bounceguard.backscatter.reasons");
    static final AttributeName SPF_RESULT = AttributeName.of("org.apache.james.transport.mailets.spf.result");
    /** Set by James's {@code DKIMVerify}: "pass (identity @a.example) (identity b@c.example)", "fail (...)", "neutral (...)". */
    static final AttributeName DKIM_RESULT = AttributeName.of("jDKIM.AUTHRESULT");
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

    protected abstract String name();

    @Override
    public void init() throws MessagingException {
        Parameters parameters = new Parameters(name());
        guard = new NdrGuard(policy(parameters));
        String zones = getInitParameter("zones");
        dnsblLookup = zones == null || zones.isBlank()
            ? Optional.empty()
            : Optional.of(new DnsblLookup(dnsblService, parameters.zones("zones", zones), Optional.empty(), TrustedRelays.NONE));
        spamAttributes = Splitter.onPattern("[,\\s]+").omitEmptyStrings()
            .splitToStream(Optional.ofNullable(getInitParameter("spamAttributes")).orElse(DEFAULT_SPAM_ATTRIBUTES))
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
            int value = parameters.integer("dnsblThreshold", threshold);
            if (value < 1) {
                throw parameters.error("dnsblThreshold", "must be at least 1, got " + value);
            }
            builder.dnsblThreshold(value);
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
            return;
        }
        suppression.recordSuppressed(decision);
        suppress(mail, decision);
    }

    private void suppress(Mail mail, NdrDecision decision) {
        List<String> codes = decision.reasons().stream().map(SuppressionReason::code).toList();
        mail.setAttribute(new Attribute(SUPPRESSED, AttributeValue.of(codes.stream()
            .map(code -> (AttributeValue<?>) AttributeValue.of(code))
            .collect(ImmutableList.toImmutableList()))));
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
        stringAttribute(mail, SPF_RESULT).ifPresent(signals::spfResult);
        signals.spamFlagged(isSpamFlagged(mail));
        header(mail, "Auto-Submitted").ifPresent(signals::autoSubmitted);
        header(mail, "Precedence").ifPresent(signals::precedence);
        if (guard.policy().checkSenderDomain()) {
            sender.ifPresent(address -> signals.senderDomainRoutable(isRoutable(address)));
        }
        signals.backscatter(mail.getAttribute(BACKSCATTER_MARK).isPresent());
        if (guard.policy().mode() == NdrMode.AUTHENTICATED_ONLY) {
            signals.senderAuthenticated(mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent());
            sender.ifPresent(address -> signals.senderLocal(getMailetContext().isLocalServer(address.getDomain())));
            signals.dkimPassDomains(stringAttribute(mail, DKIM_RESULT).map(GuardedNdr::dkimPassDomains).orElse(List.of()));
        }
        return signals.build();
    }

    private Optional<Integer> dnsblScore(Mail mail) {
        Optional<Integer> stored = VerdictAttributes.score(mail);
        if (stored.isPresent() || dnsblLookup.isEmpty()) {
            return stored;
        }
        DnsblLookup.Result result = dnsblLookup.get().check(mail);
        VerdictAttributes.write(mail, result.client(), result.verdict());
        return Optional.of(result.verdict().score());
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
            .map(name -> stringAttribute(mail, name))
            .flatMap(Optional::stream)
            .map(value -> value.trim().toLowerCase(Locale.ROOT))
            .anyMatch(value -> value.equals("yes") || value.equals("true") || value.startsWith("yes,") || value.equals("spam"));
        return byAttribute || header(mail, "X-Spam-Flag").map(value -> value.trim().equalsIgnoreCase("yes")).orElse(false);
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

    private static Optional<String> stringAttribute(Mail mail, AttributeName name) {
        return mail.getAttribute(name)
            .map(Attribute::getValue)
            .map(AttributeValue::value)
            .map(String::valueOf);
    }

    private static Optional<String> header(Mail mail, String name) {
        try {
            return Optional.ofNullable(mail.getMessage().getHeader(name, ","));
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    @Override
    public void destroy() {
        delegate.destroy();
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
