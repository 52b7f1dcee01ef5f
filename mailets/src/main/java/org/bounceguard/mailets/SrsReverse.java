package org.bounceguard.mailets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.findings.SrsFinding;
import org.bounceguard.mailetbase.BounceguardMailet;
import org.bounceguard.mailetbase.Parameters;
import org.bounceguard.services.SrsService;
import org.bounceguard.srs.SrsResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounces ({@code MAIL FROM:<>}, {@code postmaster@}, {@code MAILER-DAEMON@}: a DSN, an RFC 3834
 * auto-reply) of forwarded mail, to a verified SRS address of ours; other mail is left alone:
 * <ul>
 *     <li>when the forwarded mail's source was clean, the recipient becomes the address the SRS
 *     address stands for (the original sender for {@code SRS0}, the first forwarder's
 *     {@code SRS0} address for {@code SRS1}), and the mail is allowed to relay there
 *     (attributes {@code bounceguard.srs.reversed}, {@code RelayAllowed});</li>
 *     <li>when it was dubious (listed, SPF fail: the class the address's hash carries), the answer
 *     is not sent on: counted, recorded in {@code bounceguard.srs.suppressed}, and handed to
 *     {@code suppressedProcessor} (default {@code srs-suppressed}), which keeps it for the
 *     operator.</li>
 * </ul>
 * Recipients that are not SRS addresses of ours, or that fail verification, are left as they
 * are: {@code SrsRcptHook} refused the latter at RCPT, and {@code IsBackscatter}'s {@code srs}
 * evidence quarantines a bounce that reached us another way. Place it in {@code root} after
 * {@code IsBackscatter}. A mail with both reversed and other recipients is split: the reversed part
 * goes to {@code reversedProcessor} (default {@code transport}) on its own, so that the relay
 * permission never covers a recipient it was not given for.
 */
public class SrsReverse extends BounceguardMailet {
    static final String SUPPRESSED_PROCESSOR = "suppressedProcessor";
    static final String REVERSED_PROCESSOR = "reversedProcessor";
    private static final Logger LOGGER = LoggerFactory.getLogger(SrsReverse.class);

    private final SrsService srs;
    private String suppressedProcessor;
    private String reversedProcessor;

    @Inject
    public SrsReverse(SrsService srs) {
        this.srs = srs;
    }

    @Override
    protected Set<String> parameters() {
        return Set.of(SUPPRESSED_PROCESSOR, REVERSED_PROCESSOR);
    }

    @Override
    protected void configure(Parameters parameters) throws MessagingException {
        suppressedProcessor = processor(parameters, SUPPRESSED_PROCESSOR, "srs-suppressed");
        reversedProcessor = processor(parameters, REVERSED_PROCESSOR, "transport");
    }

    private String processor(Parameters parameters, String name, String defaultValue) throws MessagingException {
        String value = Optional.ofNullable(getInitParameter(name)).map(String::trim).orElse(defaultValue);
        if (value.isEmpty()) {
            throw parameters.error(name, "expected the name of a processor");
        }
        return value;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!MailFacts.isBounce(mail)) {
            // only delivery reports answer through an SRS address (SrsRcptHook refuses the rest)
            return;
        }
        List<MailAddress> others = new ArrayList<>();
        List<MailAddress> suppressed = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        Map<String, String> reversedFrom = new LinkedHashMap<>();
        List<MailAddress> reversed = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            SrsResult result = srs.isOurs(recipient.asString()) ? srs.reverse(recipient.asString()) : new SrsResult.NotSrs(recipient.asString());
            if (!(result instanceof SrsResult.Valid valid)) {
                others.add(recipient);
            } else if (valid.source().dubious()) {
                suppressed.add(recipient);
                reasons.add(valid.source().reason().orElseThrow());
                srs.counters().recordSuppressed(valid.source());
            } else {
                Optional<MailAddress> original = address(valid.originalAddress());
                if (original.isEmpty()) {
                    others.add(recipient);
                    continue;
                }
                reversed.add(original.get());
                reversedFrom.put(recipient.asString(), original.get().asString());
                srs.counters().recordReversed();
            }
        }
        if (suppressed.isEmpty() && reversed.isEmpty()) {
            return;
        }
        if (!suppressed.isEmpty()) {
            LOGGER.info("Mail {} from {} answers a forward of mail from a dubious source ({}): not sent on to {}", mail.getName(),
                mail.getMaybeSender().asString(), String.join(", ", reasons), suppressed);
            handOver(mail, suppressed, suppressedProcessor, copy -> SrsFinding.writeSuppressed(copy, List.copyOf(reasons)),
                others.isEmpty() && reversed.isEmpty());
        }
        if (!reversed.isEmpty()) {
            LOGGER.info("Mail {} from {} answers a forward: sent on to {}", mail.getName(), mail.getMaybeSender().asString(), reversedFrom.values());
            if (others.isEmpty()) {
                mail.setRecipients(reversed);
                SrsFinding.writeReversed(mail, reversedFrom);
            } else {
                handOver(mail, reversed, reversedProcessor, copy -> SrsFinding.writeReversed(copy, reversedFrom), false);
            }
        }
        if (!others.isEmpty()) {
            mail.setRecipients(others);
        }
    }

    /** Sends {@code recipients}' part of {@code mail} to {@code processor}: the mail itself when it is the whole, else a copy. */
    private void handOver(Mail mail, List<MailAddress> recipients, String processor, Consumer<Mail> record, boolean whole)
        throws MessagingException {
        if (whole) {
            record.accept(mail);
            mail.setState(processor);
            return;
        }
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(recipients);
            record.accept(copy);
            getMailetContext().sendMail(copy, processor);
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    private Optional<MailAddress> address(String text) {
        try {
            return Optional.of(new MailAddress(text));
        } catch (AddressException e) {
            LOGGER.info("SRS address reverses to '{}', which is not a mail address; left as it is", text);
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "SRS reversal of answers to forwarded mail (Bounceguard)";
    }
}
