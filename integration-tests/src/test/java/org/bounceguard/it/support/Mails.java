package org.bounceguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;

import com.fasterxml.jackson.databind.JsonNode;

/** Waiting for a mail to show up where a user or an operator would look for it. */
public final class Mails {
    public static final String SPAM_REPOSITORY = "memory://var/mail/spam/";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Mails() {
    }

    public static Imap.Delivered awaitInInbox(GuiceJamesServer server, String user, String password, String subject) {
        Imap imap = BounceguardJames.imap(server);
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> imap.inbox(user, password).stream()
            .filter(message -> subject.equals(message.subject()))
            .findFirst(), Optional::isPresent).get();
    }

    /** The stored mail (with attributes and headers, WebAdmin's JSON) whose Subject is {@code subject}. */
    public static JsonNode awaitInRepository(GuiceJamesServer server, String repository, String subject) {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> findBySubject(webAdmin.mails(repository), subject), Optional::isPresent).get();
    }

    public static Optional<JsonNode> findBySubject(List<JsonNode> mails, String subject) {
        return mails.stream()
            .filter(mail -> subject.equals(headerValue(mail, "Subject")))
            .findFirst();
    }

    /** A header of a WebAdmin mail JSON ({@code headers}: a map of header name to its values). */
    public static String headerValue(JsonNode mail, String name) {
        var names = mail.path("headers").fieldNames();
        while (names.hasNext()) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                JsonNode values = mail.path("headers").get(candidate);
                return values.isArray() && values.size() > 0 ? values.get(0).asText() : values.asText();
            }
        }
        return null;
    }

    /**
     * The DSN in {@code user}'s INBOX that reports the failure of the mail whose Message-ID was
     * {@code originalMessageId} (returned whole or as headers) to {@code failedRecipient}, as raw text.
     */
    public static String awaitDsnInInbox(GuiceJamesServer server, String user, String password, String failedRecipient,
                                         String originalMessageId) {
        Imap imap = BounceguardJames.imap(server);
        return await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> imap.rawInbox(user, password).stream()
            .filter(raw -> reportsFailureOf(raw, failedRecipient, originalMessageId))
            .findFirst(), Optional::isPresent).get();
    }

    /** Whether a DSN's text names {@code failedRecipient} as its Final-Recipient and quotes the original Message-ID. */
    public static boolean reportsFailureOf(String rawDsn, String failedRecipient, String originalMessageId) {
        return Pattern.compile("(?im)^Final-Recipient:\\s*rfc822;\\s*" + Pattern.quote(failedRecipient) + "\\s*$").matcher(rawDsn).find()
            && Pattern.compile("(?im)^Message-ID:\\s*" + Pattern.quote(originalMessageId) + "\\s*$").matcher(rawDsn).find();
    }

    public static void assertNotInInbox(GuiceJamesServer server, String user, String password, String subject) throws Exception {
        assertThat(Imap.hasSubject(BounceguardJames.imap(server).inbox(user, password), subject)).as("'%s' in %s's INBOX", subject, user).isFalse();
    }
}
