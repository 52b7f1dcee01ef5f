package org.bounceguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mail the integration tests send, and the ways they send it. */
public final class TestMail {
    public static final String DOMAIN = "bounceguard.test";
    public static final String ALICE = "alice@bounceguard.test";

    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>]+>)");

    private TestMail() {
    }

    /** A minimal RFC 5322 message, with Message-ID {@link #messageId messageId(subject)}. */
    public static String message(String from, String to, String subject) {
        return "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: " + messageId(subject) + "\r\n"
            + "\r\n"
            + "Hello from " + subject + ".\r\n";
    }

    /** The Message-ID of {@link #message}'s message with this subject. */
    public static String messageId(String subject) {
        return "<" + subject.replaceAll("[^A-Za-z0-9]", "-") + "@client.example>";
    }

    /** Sends {@link #message} from {@code client}, which must be accepted. */
    public static void send(SmtpClient smtp, String client, String sender, String recipient, String subject) throws Exception {
        SmtpClient.Outcome outcome = smtp.send(client, "client.example", sender, recipient, message(sender, recipient, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    /**
     * Alice sends to a remote user from 127.0.0.1 (an authorized network in conf/smtpserver.xml);
     * returns the Message-ID the remote MTA received, with a BATV-tagged envelope sender.
     */
    public static String aliceSendsOut(SmtpClient smtp, RemoteMta remoteMta, String remoteRecipient, String subject) throws Exception {
        SmtpClient.Outcome sent = smtp.send("127.0.0.1", "alice-laptop", ALICE, remoteRecipient, message(ALICE, remoteRecipient, subject));
        assertThat(sent.accepted()).as(sent.reply()).isTrue();
        RemoteMta.Captured relayed = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> remoteMta.messagesTo(remoteRecipient).stream().findFirst(), Optional::isPresent)
            .get();
        assertThat(relayed.mailFrom()).as("the envelope sender is BATV-tagged").startsWith("prvs=");
        Matcher messageId = MESSAGE_ID.matcher(relayed.raw());
        assertThat(messageId.find()).as("the relayed mail has a Message-ID").isTrue();
        return messageId.group(1);
    }
}
