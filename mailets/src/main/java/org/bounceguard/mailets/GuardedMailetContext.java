package org.bounceguard.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.HostAddress;
import org.apache.mailet.LookupException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.bounceguard.findings.SourceFindings;
import org.bounceguard.mailetbase.AnswerGuard;
import org.bounceguard.services.AnswerSuppressionService;
import org.bounceguard.suppression.NdrDecision;
import org.slf4j.Logger;

/**
 * The {@link MailetContext} a {@link Guarded} mailet's wrapped mailet sees: everything goes to
 * James's context, except that mail sent to the source of the mail being serviced - and every
 * {@code bounce()} - is first judged by the NDR guard and dropped when the source is dubious.
 *
 * <p>"The mail being serviced" is per thread: James's spooler threads share one mailet instance,
 * and the answering mailets of James ({@code VacationMailet}, {@code Sieve}, {@code NotifySender},
 * {@code Bounce}) send synchronously from {@code service()}. A {@code bounce()} names its mail, so
 * it is judged on any thread.
 */
final class GuardedMailetContext implements MailetContext {
    /** A piece of mailet work that may throw what {@code service()} throws. */
    interface Work {
        void run() throws MessagingException;
    }

    private final MailetContext james;
    private final AnswerGuard guard;
    private final AnswerSuppressionService answers;
    private final String mailetName;
    private final ThreadLocal<Mail> answering = new ThreadLocal<>();

    GuardedMailetContext(MailetContext james, AnswerGuard guard, AnswerSuppressionService answers, String mailetName) {
        this.james = james;
        this.guard = guard;
        this.answers = answers;
        this.mailetName = mailetName;
    }

    /** Runs the wrapped mailet's work on {@code mail}: what it sends meanwhile answers {@code mail}. */
    void answering(Mail mail, Work work) throws MessagingException {
        Mail previous = answering.get();
        answering.set(mail);
        try {
            work.run();
        } finally {
            if (previous == null) {
                answering.remove();
            } else {
                answering.set(previous);
            }
        }
    }

    @Override
    public void sendMail(Mail mail) throws MessagingException {
        if (allow(mail)) {
            carrySourceFindings(mail);
            james.sendMail(mail);
        }
    }

    @Override
    public void sendMail(Mail mail, long delay, TimeUnit unit) throws MessagingException {
        if (allow(mail)) {
            carrySourceFindings(mail);
            james.sendMail(mail, delay, unit);
        }
    }

    @Override
    public void sendMail(Mail mail, String state) throws MessagingException {
        if (allow(mail)) {
            carrySourceFindings(mail);
            james.sendMail(mail, state);
        }
    }

    @Override
    public void sendMail(Mail mail, String state, long delay, TimeUnit unit) throws MessagingException {
        if (allow(mail)) {
            carrySourceFindings(mail);
            james.sendMail(mail, state, delay, unit);
        }
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message) throws MessagingException {
        List<MailAddress> allowed = allowedRecipients(recipients);
        if (!allowed.isEmpty()) {
            james.sendMail(sender, allowed, message);
        }
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message, String state) throws MessagingException {
        List<MailAddress> allowed = allowedRecipients(recipients);
        if (!allowed.isEmpty()) {
            james.sendMail(sender, allowed, message, state);
        }
    }

    /** James sends this to the message's header recipients; it cannot drop some of them, so a suppressed answer drops it all. */
    @Override
    public void sendMail(MimeMessage message) throws MessagingException {
        List<MailAddress> recipients = headerAddresses(message, "To", "Cc", "Bcc");
        if (allowedRecipients(recipients).size() == recipients.size()) {
            james.sendMail(message);
        }
    }

    @Override
    public void bounce(Mail mail, String message) throws MessagingException {
        if (allowBounce(mail)) {
            james.bounce(mail, message);
        }
    }

    @Override
    public void bounce(Mail mail, String message, MailAddress bouncer) throws MessagingException {
        if (allowBounce(mail)) {
            james.bounce(mail, message, bouncer);
        }
    }

    /** A mail made from the answered one (a Sieve redirect) keeps its DNSBL and SPF findings: it has the same source. */
    private void carrySourceFindings(Mail mail) {
        Mail answered = answering.get();
        if (answered != null) {
            SourceFindings.carry(answered, mail);
        }
    }

    /** Removes the suppressed recipients from a mail; true when any recipient is left to send to. */
    private boolean allow(Mail mail) {
        Collection<MailAddress> recipients = mail.getRecipients();
        List<MailAddress> allowed = allowedRecipients(recipients);
        if (allowed.size() < recipients.size()) {
            mail.setRecipients(allowed);
        }
        return !allowed.isEmpty();
    }

    /** The recipients that may be sent to: everyone who is not the answered mail's source, and the source when it is not dubious. */
    private List<MailAddress> allowedRecipients(Collection<MailAddress> recipients) {
        Mail answered = answering.get();
        if (answered == null) {
            return List.copyOf(recipients);
        }
        Set<MailAddress> source = sourceAddresses(answered);
        List<MailAddress> allowed = new ArrayList<>(recipients.size());
        boolean answeredSource = false;
        for (MailAddress recipient : recipients) {
            if (!source.contains(recipient)) {
                allowed.add(recipient);
                continue;
            }
            NdrDecision decision = guard.decide(answered, Optional.of(recipient), james);
            if (decision.suppressed()) {
                guard.recordSuppression(answered, decision, mailetName + " answer to " + recipient.asString(), "Guarded " + mailetName);
                answers.recordSuppressed(mailetName, decision);
            } else {
                allowed.add(recipient);
                answeredSource = true;
            }
        }
        if (answeredSource) {
            guard.recordSent(answered);
            answers.recordSent(mailetName);
        }
        return allowed;
    }

    private boolean allowBounce(Mail mail) {
        NdrDecision decision = guard.decide(mail, mail.getMaybeSender().asOptional(), james);
        if (decision.suppressed()) {
            guard.recordSuppression(mail, decision, mailetName + " NDR", "Guarded " + mailetName);
            answers.recordSuppressed(mailetName, decision);
            return false;
        }
        guard.recordSent(mail);
        answers.recordSent(mailetName);
        return true;
    }

    /** Where an answer to this mail goes: its envelope sender and the addresses its From:, Reply-To: and Sender: name. */
    static Set<MailAddress> sourceAddresses(Mail mail) {
        Set<MailAddress> addresses = new LinkedHashSet<>();
        mail.getMaybeSender().asOptional().ifPresent(addresses::add);
        try {
            addresses.addAll(headerAddresses(mail.getMessage(), "From", "Reply-To", "Sender"));
        } catch (MessagingException e) {
            // an unreadable message has only its envelope sender to answer
        }
        return addresses;
    }

    private static List<MailAddress> headerAddresses(MimeMessage message, String... headers) {
        List<MailAddress> addresses = new ArrayList<>();
        if (message == null) {
            return addresses;
        }
        for (String header : headers) {
            try {
                String value = message.getHeader(header, ",");
                if (value == null) {
                    continue;
                }
                for (Address address : InternetAddress.parseHeader(value, false)) {
                    if (address instanceof InternetAddress internet && internet.getAddress() != null) {
                        toMailAddress(internet.getAddress()).ifPresent(addresses::add);
                    }
                }
            } catch (MessagingException e) {
                // a header we cannot read names nobody
            }
        }
        return addresses;
    }

    private static Optional<MailAddress> toMailAddress(String address) {
        try {
            return Optional.of(new MailAddress(address));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    // Everything else is James's.

    @Override
    public int getMajorVersion() {
        return james.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return james.getMinorVersion();
    }

    @Override
    public String getServerInfo() {
        return james.getServerInfo();
    }

    @Override
    public Iterator<String> getAttributeNames() {
        return james.getAttributeNames();
    }

    @Override
    public Object getAttribute(String name) {
        return james.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        james.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        james.removeAttribute(name);
    }

    @Override
    public void log(String message) {
        james.log(message);
    }

    @Override
    public void log(String message, Throwable t) {
        james.log(message, t);
    }

    @Override
    public void log(LogLevel level, String message) {
        james.log(level, message);
    }

    @Override
    public void log(LogLevel level, String message, Throwable t) {
        james.log(level, message, t);
    }

    @Override
    public MailAddress getPostmaster() {
        return james.getPostmaster();
    }

    @Override
    public boolean isLocalServer(Domain domain) {
        return james.isLocalServer(domain);
    }

    @Override
    public boolean isLocalUser(String userAccount) {
        return james.isLocalUser(userAccount);
    }

    @Override
    public boolean isLocalEmail(MailAddress mailAddress) {
        return james.isLocalEmail(mailAddress);
    }

    @Override
    public Collection<MailAddress> localRecipients(Collection<MailAddress> recipients) {
        return james.localRecipients(recipients);
    }

    @Override
    public Collection<String> getMailServers(Domain domain) {
        return james.getMailServers(domain);
    }

    @Override
    public Iterator<HostAddress> getSMTPHostAddresses(Domain domain) {
        return james.getSMTPHostAddresses(domain);
    }

    @Override
    public List<String> dnsLookup(String name, RecordType type) throws LookupException {
        return james.dnsLookup(name, type);
    }

    @Override
    public Logger getLogger() {
        return james.getLogger();
    }
}
