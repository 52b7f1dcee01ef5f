package org.bounceguard.mailets;

import java.util.Set;

import javax.inject.Inject;
import javax.inject.Named;
import javax.mail.MessagingException;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.transport.mailets.delivery.MailDispatcher;
import org.apache.james.transport.mailets.delivery.MailboxAppenderImpl;
import org.apache.james.transport.mailets.delivery.SimpleMailStore;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.bounceguard.james.BounceguardMailet;
import org.bounceguard.james.Parameters;

/**
 * Delivers mail into a folder of each local recipient's own mailbox instead of the INBOX - for
 * suspected backscatter the user should be able to look through, as big providers file it into
 * Spam. The folder is created when missing. James 3.8.1 ships no such mailet (its
 * {@code LocalDelivery} always writes to the INBOX); this one uses the same delivery machinery.
 *
 * <pre>{@code
 * <mailet match="All" class="org.bounceguard.mailets.ToRecipientFolder">
 *     <folder>Backscatter</folder>
 * </mailet>
 * }</pre>
 *
 * Parameters: {@code folder} (default {@code Backscatter}; {@code Junk} for the user's junk
 * folder; {@code /} separates sub-folders), {@code consume} (default {@code true}: the mail stops
 * here). Any other parameter stops James's start-up, naming the nearest of these.
 */
public class ToRecipientFolder extends BounceguardMailet {
    private static final String DEFAULT_FOLDER = "Backscatter";

    private final UsersRepository usersRepository;
    private final MailboxManager mailboxManager;
    private final MetricFactory metricFactory;
    private MailDispatcher dispatcher;

    @Inject
    public ToRecipientFolder(UsersRepository usersRepository, @Named("mailboxmanager") MailboxManager mailboxManager,
                             MetricFactory metricFactory) {
        this.usersRepository = usersRepository;
        this.mailboxManager = mailboxManager;
        this.metricFactory = metricFactory;
    }

    @Override
    protected Set<String> parameters() {
        return Set.of("folder", "consume");
    }

    @Override
    protected void configure(Parameters parameters) throws MessagingException {
        String folder = getInitParameter("folder", DEFAULT_FOLDER).trim();
        if (folder.isEmpty() || folder.equals("/")) {
            throw parameters.error("folder", "must name a folder such as Backscatter or Junk");
        }
        dispatcher = MailDispatcher.builder()
            .mailStore(SimpleMailStore.builder()
                .mailboxAppender(new MailboxAppenderImpl(mailboxManager))
                .usersRepository(usersRepository)
                .folder(folder)
                .metric(metricFactory.generate("bounceguardFolderDeliveredMails"))
                .build())
            .consume(parameters.bool("consume", getInitParameter("consume"), true))
            .mailetContext(getMailetContext())
            .build();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        dispatcher.dispatch(mail);
    }

    @Override
    public String getMailetInfo() {
        return "Delivers to a folder of each recipient's mailbox (Bounceguard)";
    }
}
