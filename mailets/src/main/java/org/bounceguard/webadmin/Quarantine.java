package org.bounceguard.webadmin;

import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.bounceguard.bounce.BounceParser;
import org.bounceguard.bounce.BounceReport;
import org.bounceguard.findings.BackscatterFinding;
import org.bounceguard.findings.ClientCheck;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.MBeans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two quarantines of the sample configuration - {@code var/mail/backscatter} and
 * {@code var/mail/spam}, whatever the repository protocol - seen and acted on by an operator:
 * list what is there and why, release a mail to its recipients, delete it.
 *
 * <p>A release sends the mail to the {@code transport} processor (or the one asked for), past the
 * {@code root} checks that stopped it, marks it {@code bounceguard.quarantine.released} and counts
 * it. A release delivers that one mail and teaches the outbound ledger nothing: a later bounce
 * quoting the same Message-ID is judged afresh.
 */
@Singleton
public class Quarantine implements AutoCloseable {
    /** String: the quarantine a mail was released from and when. */
    public static final AttributeName RELEASED = AttributeName.of("bounceguard.quarantine.released");
    public static final List<String> NAMES = List.of("backscatter", "spam");
    static final String DEFAULT_RELEASE_PROCESSOR = "transport";

    private static final Logger LOGGER = LoggerFactory.getLogger(Quarantine.class);

    private final MailRepositoryStore store;
    private final MailetContext mailetContext;
    private final BounceParser parser = new BounceParser();
    private final LongAdder released = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final MBeans mbeans = new MBeans();

    @Inject
    public Quarantine(MailRepositoryStore store, MailetContext mailetContext, GaugeRegistry gaugeRegistry) {
        this.store = store;
        this.mailetContext = mailetContext;
        Gauges gauges = new Gauges(gaugeRegistry);
        mbeans.register(MBeans.name("Quarantine"), new QuarantineMXBean() {
            @Override
            public long getReleased() {
                return released.sum();
            }

            @Override
            public long getDeleted() {
                return deleted.sum();
            }
        });
        gauges.register("bounceguard_quarantine_released", released::sum);
        gauges.register("bounceguard_quarantine_deleted", deleted::sum);
    }

    /** A quarantine name that is not one of {@link #NAMES}. */
    public static final class UnknownQuarantineException extends IllegalArgumentException {
        UnknownQuarantineException(String name) {
            super("'" + name + "' is not a quarantine; expected one of " + NAMES);
        }
    }

    /** The mails of a quarantine, oldest first as the repository lists them, from {@code offset}, at most {@code limit}. */
    public List<QuarantinedMail> list(String name, int offset, Optional<Integer> limit) throws MessagingException {
        List<QuarantinedMail> mails = new ArrayList<>();
        Optional<MailRepository> repository = repository(name);
        if (repository.isEmpty()) {
            return mails;
        }
        Iterator<MailKey> keys = repository.get().list();
        for (int skipped = 0; skipped < offset && keys.hasNext(); skipped++) {
            keys.next();
        }
        while (keys.hasNext() && (limit.isEmpty() || mails.size() < limit.get())) {
            MailKey key = keys.next();
            Mail mail = repository.get().retrieve(key);
            if (mail != null) { // removed meanwhile
                mails.add(describe(key, mail));
            }
        }
        return mails;
    }

    /** Delivers a quarantined mail to its recipients through {@code processor}; false when there is no such mail. */
    public boolean release(String name, String mailKey, String processor) throws MessagingException {
        Optional<MailRepository> repository = repository(name);
        MailKey key = new MailKey(mailKey);
        Mail mail = repository.isPresent() ? repository.get().retrieve(key) : null;
        if (mail == null) {
            return false;
        }
        mail.setAttribute(new Attribute(RELEASED, AttributeValue.of(name + " " + Instant.now())));
        mailetContext.sendMail(mail, processor);
        repository.get().remove(key);
        released.increment();
        LOGGER.info("Quarantine: mail {} released from {} to {} through processor {}", mailKey, name, recipients(mail), processor);
        return true;
    }

    /** Removes a quarantined mail; false when there is no such mail. */
    public boolean delete(String name, String mailKey) throws MessagingException {
        Optional<MailRepository> repository = repository(name);
        MailKey key = new MailKey(mailKey);
        Mail mail = repository.isPresent() ? repository.get().retrieve(key) : null;
        if (mail == null) {
            return false;
        }
        repository.get().remove(key);
        deleted.increment();
        LOGGER.info("Quarantine: mail {} from {} to {} deleted from {}", mailKey, sender(mail), recipients(mail), name);
        return true;
    }

    private Optional<MailRepository> repository(String name) throws MessagingException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(lower)) {
            throw new UnknownQuarantineException(name);
        }
        try {
            return store.getByPath(MailRepositoryPath.from("var/mail/" + lower)).findFirst();
        } catch (Exception e) {
            throw new MessagingException("cannot open the " + lower + " quarantine", e);
        }
    }

    private QuarantinedMail describe(MailKey key, Mail mail) {
        List<String> reasons = new ArrayList<>(BackscatterFinding.reasons(mail));
        reasons.addAll(DnsblFinding.listingsAsText(mail));
        return new QuarantinedMail(key.asString(), sender(mail), recipients(mail), reasons,
            header(mail, "Message-ID"), report(mail).flatMap(BounceReport::originalMessageId).map(Quarantine::bracketed), header(mail, "Subject"),
            DnsblFinding.client(mail).flatMap(ClientCheck::checkedAddress).map(InetAddress::getHostAddress).orElse(mail.getRemoteAddr()),
            DnsblFinding.summary(mail),
            Optional.ofNullable(mail.getLastUpdated()).map(java.util.Date::toInstant).orElse(Instant.EPOCH));
    }

    private Optional<BounceReport> report(Mail mail) {
        if (!MailFacts.isBounce(mail)) {
            return Optional.empty();
        }
        try (InputStream raw = MailFacts.rawMessage(mail)) {
            return Optional.of(parser.parse(raw, Optional.of("")));
        } catch (Exception e) {
            LOGGER.debug("Could not read quarantined mail {}: {}", mail.getName(), e.toString());
            return Optional.empty();
        }
    }

    /** As it reads in a Message-ID header, which is how an operator compares it. */
    private static String bracketed(String messageId) {
        return messageId.startsWith("<") ? messageId : "<" + messageId + ">";
    }

    private static Optional<String> header(Mail mail, String name) {
        try {
            return Optional.ofNullable(mail.getMessage().getHeader(name, null));
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private static String sender(Mail mail) {
        return mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("<>");
    }

    private static List<String> recipients(Mail mail) {
        return mail.getRecipients().stream().map(MailAddress::asString).toList();
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
    }
}
