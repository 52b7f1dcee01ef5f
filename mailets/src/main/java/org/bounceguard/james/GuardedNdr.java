package org.bounceguard.james;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.transport.mailets.redirect.RedirectNotify;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.GenericMailet;
import org.bounceguard.suppression.NdrDecision;

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
    static final Set<String> GUARD_PARAMETERS = AnswerGuard.PARAMETERS;

    private final DnsblService dnsblService;
    private final NdrSuppressionService suppression;
    private final MailRepositoryStore repositoryStore;
    private final T delegate;

    private AnswerGuard guard;

    protected GuardedNdr(DnsblService dnsblService, NdrSuppressionService suppression, MailRepositoryStore repositoryStore, T delegate) {
        this.dnsblService = dnsblService;
        this.suppression = suppression;
        this.repositoryStore = repositoryStore;
        this.delegate = delegate;
    }

    protected abstract String name();

    @Override
    public void init() throws MessagingException {
        guard = AnswerGuard.fromParameters(name(), this::getInitParameter, dnsblService, suppression, repositoryStore);
        delegate.init(new DelegateConfig(getMailetConfig()));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        NdrDecision decision = guard.judge(mail, mail.getMaybeSender().asOptional(), getMailetContext());
        if (!decision.suppressed()) {
            delegate.service(mail);
            guard.recordSent(mail);
            return;
        }
        guard.recordSuppression(mail, decision, "NDR", name());
        if (!delegate.getInitParameters().getPassThrough()) {
            mail.setState(Mail.GHOST);
        }
    }

    /** The domains of the identities in a DKIMVerify "pass" result; nothing for fail or neutral. */
    static List<String> dkimPassDomains(String result) {
        return AnswerGuard.dkimPassDomains(result);
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
