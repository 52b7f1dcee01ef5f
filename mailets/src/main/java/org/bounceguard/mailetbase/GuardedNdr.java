package org.bounceguard.mailetbase;

import java.util.Iterator;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.transport.mailets.redirect.RedirectNotify;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.GenericMailet;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.NdrSuppressionService;
import org.bounceguard.suppression.NdrDecision;

import com.google.common.collect.Iterators;
import com.google.common.collect.Sets;

/**
 * A James bounce mailet ({@code Bounce}, {@code DSNBounce}) behind a guard: the NDR is sent
 * exactly as James would send it when the failed mail's source is trustworthy, and silently
 * dropped (counted, logged, recorded on the mail, optionally stored for audit) when it is
 * dubious - the decision and its records are {@link AnswerGuard}'s, as for every other answer. The guard
 * parameters are {@link AnswerGuard#PARAMETERS}; the wrapped mailet's own go to it unchanged; any
 * other parameter is refused at start-up.
 */
public abstract class GuardedNdr<T extends GenericMailet & RedirectNotify> extends BounceguardMailet {
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

    /** The guard's parameters and the wrapped James mailet's: anything else is a typo. */
    @Override
    protected Set<String> parameters() {
        return Sets.union(AnswerGuard.PARAMETERS, delegate.getAllowedInitParameters());
    }

    @Override
    protected void configure(Parameters parameters) throws MessagingException {
        guard = AnswerGuard.fromParameters(name(), this::getInitParameter, dnsblService, suppression, repositoryStore);
        delegate.init(new DelegateConfig(getMailetConfig()));
    }

    /** The NDR goes to the failed mail's envelope sender; the wrapped mailet writes it. */
    @Override
    public void service(Mail mail) throws MessagingException {
        NdrDecision decision = guard.decide(mail, mail.getMaybeSender().asOptional(), getMailetContext());
        if (decision.suppressed()) {
            guard.recordSuppression(mail, decision, "NDR", name());
            if (!delegate.getInitParameters().getPassThrough()) {
                mail.setState(Mail.GHOST);
            }
            return;
        }
        delegate.service(mail);
        guard.recordSent(mail);
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
            return AnswerGuard.PARAMETERS.contains(name) ? null : config.getInitParameter(name);
        }

        @Override
        public Iterator<String> getInitParameterNames() {
            return Iterators.filter(config.getInitParameterNames(), name -> !AnswerGuard.PARAMETERS.contains(name));
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
