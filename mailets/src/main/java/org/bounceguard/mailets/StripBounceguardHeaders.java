package org.bounceguard.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.bounceguard.james.BounceguardMailet;
import org.bounceguard.james.Parameters;
import org.bounceguard.mime.HeaderFieldStripper;
import org.bounceguard.net.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

/**
 * Removes Bounceguard's headers from a mail about to leave the server, at every depth: the
 * message's own, every MIME part's, attached messages' and the header blocks a DSN returns
 * ({@link HeaderFieldStripper}). James copies a failed mail's headers into its DSN and a user may
 * forward a received mail as an attachment; {@code RemoveMimeHeader} reaches neither.
 *
 * <pre>{@code
 * <mailet match="HasMailAttribute=RelayAllowed" class="org.bounceguard.mailets.StripBounceguardHeaders"/>
 * }</pre>
 *
 * Parameters: {@code prefixes} (default {@code X-Bounceguard-}: header-name prefixes, comma
 * separated, case ignored), {@code failureRepository} (default {@code memory://var/mail/unstripped/}).
 * A mail it cannot rewrite (unreadable, nested deeper than {@value HeaderFieldStripper#MAX_DEPTH})
 * never leaves: it is stored in {@code failureRepository} and goes no further, logged at WARN (when
 * that store fails too, it goes to the {@code error} processor).
 * It never throws, so {@code onMailetException} cannot let a mail through unstripped.
 */
public class StripBounceguardHeaders extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(StripBounceguardHeaders.class);
    private static final String DEFAULT_PREFIXES = "X-Bounceguard-";
    private static final String DEFAULT_FAILURE_REPOSITORY = "memory://var/mail/unstripped/";

    private final MailRepositoryStore repositoryStore;
    private HeaderFieldStripper stripper;
    private MailRepository failureRepository;
    private String failureRepositoryUrl;

    @Inject
    public StripBounceguardHeaders(MailRepositoryStore repositoryStore) {
        this.repositoryStore = repositoryStore;
    }

    @Override
    protected Set<String> parameters() {
        return ImmutableSet.of("prefixes", "failureRepository");
    }

    @Override
    protected void configure(Parameters parameters) throws MessagingException {
        List<String> prefixes = Values.list(getInitParameter("prefixes", DEFAULT_PREFIXES));
        if (prefixes.isEmpty() || prefixes.stream().anyMatch(prefix -> prefix.length() < 3 || prefix.contains(":"))) {
            throw parameters.error("prefixes", "must list header-name prefixes of three characters or more, e.g. " + DEFAULT_PREFIXES);
        }
        stripper = new HeaderFieldStripper(prefixes);
        failureRepositoryUrl = getInitParameter("failureRepository", DEFAULT_FAILURE_REPOSITORY).trim();
        try {
            failureRepository = repositoryStore.select(MailRepositoryUrl.from(failureRepositoryUrl));
        } catch (Exception e) {
            throw parameters.error("failureRepository", "'" + failureRepositoryUrl + "' is not a usable mail repository URL: " + e.getMessage());
        }
    }

    @Override
    public void service(Mail mail) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            mail.getMessage().writeTo(raw);
            byte[] original = raw.toByteArray();
            byte[] stripped = stripper.strip(original);
            if (stripped != original) {
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(stripped));
                mail.setMessage(new MimeMessageWrapper(message));
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            hold(mail, e);
        }
    }

    private void hold(Mail mail, Exception cause) {
        try {
            failureRepository.store(mail);
            LOGGER.warn("Mail {} from {} kept in {} and not sent: its Bounceguard headers could not be removed ({})", mail.getName(),
                mail.getMaybeSender().asString(), failureRepositoryUrl, cause.getMessage());
            mail.setState(Mail.GHOST);
        } catch (Exception e) {
            // not sent and not lost: the error processor keeps it
            LOGGER.error("Mail {} from {} sent to the error processor: its Bounceguard headers could not be removed ({}) nor the mail kept in {}",
                mail.getName(), mail.getMaybeSender().asString(), cause.getMessage(), failureRepositoryUrl, e);
            mail.setState(Mail.ERROR);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Removes Bounceguard's headers at every depth (Bounceguard)";
    }
}
