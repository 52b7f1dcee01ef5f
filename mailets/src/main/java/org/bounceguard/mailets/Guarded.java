package org.bounceguard.mailets;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.mailetcontainer.api.MailetLoader;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.GenericMailet;
import org.bounceguard.mailetbase.AnswerGuard;
import org.bounceguard.net.Values;
import org.bounceguard.services.AnswerSuppressionService;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.NdrSuppressionService;

import com.google.common.base.Throwables;
import com.google.common.collect.Iterators;
import com.google.common.collect.Sets;

/**
 * Any James mailet that answers a mail's sender - {@code VacationMailet}, {@code Sieve},
 * {@code NotifySender}, ... - behind the NDR guard:
 *
 * <pre>{@code
 * <mailet match="All" class="org.bounceguard.mailets.Guarded">
 *     <mailet>VacationMailet</mailet>
 *     <dnsblThreshold>1</dnsblThreshold>
 * </mailet>
 * }</pre>
 *
 * <p>James creates the wrapped mailet as usual (same class look-up, same injection), with every
 * parameter but the guard's. It runs on every mail and does everything it always does - Sieve's
 * {@code fileinto}, keep and discard, the vacation bookkeeping - but the mail it sends goes
 * through a {@link GuardedMailetContext}: an answer to the mail's source (its envelope sender or a
 * {@code From:}, {@code Reply-To:} or {@code Sender:} address) is dropped when the source is
 * dubious, with the NDR guard's signals, counters, attribute and log line. Mail to anyone else
 * (a redirect to a third party, a notice to the postmaster) passes untouched.
 *
 * <p>Parameters: {@code mailet} (required: the class to wrap, a short name for James's own
 * mailets) and the NDR guard's parameters ({@code dnsblThreshold}, {@code checkSenderDomain},
 * {@code mode}, ...). A name within an edit or two of a guard parameter ({@code dnsblTreshold},
 * {@code Mode}) is refused at start-up rather than handed to the wrapped mailet.
 */
public class Guarded extends GenericMailet {
    static final String MAILET_PARAMETER = "mailet";
    /** The parameters Guarded reads; the wrapped mailet never sees them. */
    private static final Set<String> OWN_PARAMETERS = Sets.union(Set.of(MAILET_PARAMETER), AnswerGuard.PARAMETERS).immutableCopy();

    private final MailetLoader mailetLoader;
    private final DnsblService dnsblService;
    private final NdrSuppressionService suppression;
    private final AnswerSuppressionService answers;
    private final MailRepositoryStore repositoryStore;

    private Mailet wrapped;
    private GuardedMailetContext context;
    private String wrappedName;
    /** James asks for it on every mail it hands over: made once. */
    private String mailetInfo = "Guarded mailet: no answer to a dubious source (Bounceguard)";

    @Inject
    public Guarded(MailetLoader mailetLoader, DnsblService dnsblService, NdrSuppressionService suppression,
                   AnswerSuppressionService answers, MailRepositoryStore repositoryStore) {
        this.mailetLoader = mailetLoader;
        this.dnsblService = dnsblService;
        this.suppression = suppression;
        this.answers = answers;
        this.repositoryStore = repositoryStore;
    }

    @Override
    public void init() throws MessagingException {
        String className = Optional.ofNullable(getInitParameter(MAILET_PARAMETER)).map(String::trim).orElse("");
        if (className.isEmpty()) {
            throw new MessagingException("Guarded: parameter 'mailet' is required: the James mailet to guard, e.g. VacationMailet, Sieve or NotifySender");
        }
        if (className.equals(Guarded.class.getName()) || className.equals(Guarded.class.getSimpleName())) {
            throw new MessagingException("Guarded: parameter 'mailet' names Guarded itself; name the mailet to guard, e.g. VacationMailet");
        }
        wrappedName = className.substring(className.lastIndexOf('.') + 1);
        mailetInfo = "Guarded " + wrappedName + ": no answer to a dubious source (Bounceguard)";
        String component = "Guarded(" + wrappedName + ")";
        refuseNearMisses(component);
        AnswerGuard guard = AnswerGuard.fromParameters(component, this::getInitParameter,
            dnsblService, suppression, repositoryStore);
        context = new GuardedMailetContext(getMailetContext(), guard, answers, wrappedName);
        wrapped = load(component, className);
    }

    /**
     * Any name goes to the wrapped mailet, so an unknown one cannot be refused outright; but one
     * that nearly spells a guard parameter is a typo that would leave the guard at its default
     * unnoticed. The bound is tighter than for Bounceguard's own mailets: the wrapped mailet's
     * parameters must pass.
     */
    private void refuseNearMisses(String component) throws MessagingException {
        Iterator<String> names = getInitParameterNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!OWN_PARAMETERS.contains(name)) {
                Optional<String> near = Values.nearest(name, OWN_PARAMETERS, Math.max(1, name.length() / 4));
                if (near.isPresent()) {
                    throw new MessagingException(component + ": unknown parameter '" + name + "'; did you mean '" + near.get()
                        + "'? It is not a guard parameter, and " + wrappedName + " would get it while the guard kept its default; guard parameters: "
                        + String.join(", ", new TreeSet<>(OWN_PARAMETERS)));
                }
            }
        }
    }

    private Mailet load(String component, String className) throws MessagingException {
        try {
            return mailetLoader.getMailet(new WrappedConfig(getMailetConfig(), className, context));
        } catch (MessagingException e) {
            if (Throwables.getCausalChain(e).stream().anyMatch(cause -> cause instanceof ClassNotFoundException)) {
                throw new MessagingException("Guarded: parameter 'mailet': James has no mailet '" + className
                    + "'; name one of James's own by its short name (VacationMailet, Sieve, NotifySender, ...) or another by its fully qualified class name", e);
            }
            if (Throwables.getCausalChain(e).stream().anyMatch(cause -> cause instanceof ClassCastException)) {
                throw new MessagingException("Guarded: parameter 'mailet': '" + className + "' is not a mailet", e);
            }
            Throwable root = Throwables.getRootCause(e);
            throw new MessagingException(component + ": " + wrappedName + " did not start: "
                + Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName()), e);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        context.answering(mail, () -> wrapped.service(mail));
    }

    @Override
    public void destroy() {
        if (wrapped != null) {
            wrapped.destroy();
        }
    }

    @Override
    public String getMailetInfo() {
        return mailetInfo;
    }

    /** What the wrapped mailet sees: its own class name and parameters, and the guarding context. */
    private static final class WrappedConfig implements MailetConfig {
        private final MailetConfig config;
        private final String className;
        private final MailetContext context;

        WrappedConfig(MailetConfig config, String className, MailetContext context) {
            this.config = config;
            this.className = className;
            this.context = context;
        }

        private static boolean isGuards(String name) {
            return OWN_PARAMETERS.contains(name);
        }

        @Override
        public String getInitParameter(String name) {
            return isGuards(name) ? null : config.getInitParameter(name);
        }

        @Override
        public Iterator<String> getInitParameterNames() {
            return Iterators.filter(config.getInitParameterNames(), name -> !isGuards(name));
        }

        @Override
        public MailetContext getMailetContext() {
            return context;
        }

        /** James's mailet loader reads the class to create from here. */
        @Override
        public String getMailetName() {
            return className;
        }
    }
}
