package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample's commented alternative applied as an operator would (uncommenting
 * {@code ToRecipientFolder} in the {@code backscatter} processor): a forged bounce is filed into
 * the recipient's own {@code Backscatter} folder, read back over IMAP with its reasons in
 * {@code X-Bounceguard-Backscatter}, and is neither in the INBOX nor in the admin repository.
 */
class BackscatterToUserFolderIT {
    private static final String COMMENT_END = "not local) still goes to the repository below.";
    private static final String MAILET_END = "<folder>Backscatter</folder>\n            </mailet>\n            -->";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .confEdit("mailetcontainer.xml", COMMENT_END, COMMENT_END + " -->")
        .confEdit("mailetcontainer.xml", MAILET_END, "<folder>Backscatter</folder>\n            </mailet>")
        .build();

    /** Subject and X-Bounceguard-Backscatter of every message in one of Alice's folders, over IMAP. */
    private static List<String[]> folder(GuiceJamesServer server, String name) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort(), ALICE, ALICE_PASSWORD);
        try {
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_ONLY);
            try {
                List<String[]> messages = new ArrayList<>();
                for (Message message : folder.getMessages()) {
                    String[] reasons = message.getHeader("X-Bounceguard-Backscatter");
                    messages.add(new String[] {message.getSubject(), reasons == null ? null : reasons[0]});
                }
                return messages;
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    @Test
    void aForgedBounceLandsInTheUsersBackscatterFolderWithItsReasons(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send("127.9.0.3", "mx.remote.example", "", ALICE,
            TestMail.message("MAILER-DAEMON@remote.example", ALICE, "a bounce for mail alice never sent"));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        String[] filed = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> folder(server, "Backscatter").stream()
                .filter(message -> "a bounce for mail alice never sent".equals(message[0]))
                .findFirst(), Optional::isPresent).get();

        assertThat(filed[1]).contains("batv-missing");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "a bounce for mail alice never sent");
        assertThat(BounceguardJames.webAdmin(server).size("memory://var/mail/backscatter/")).isZero();
    }
}
