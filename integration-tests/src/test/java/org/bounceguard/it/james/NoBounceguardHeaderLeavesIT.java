package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Properties;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing Bounceguard writes - {@code X-Bounceguard-*} headers, at the top or in any part - leaves
 * the server: every kind of mail the sample sends out is read at a real Postfix, every MIME part
 * decoded, attached messages and returned header blocks included. The mails carry such headers
 * where James copies them: the verdict header {@code DnsblCheck} writes (a DSN returns it in its
 * {@code text/rfc822-headers} part), and headers a client put into an attached message.
 */
class NoBounceguardHeaderLeavesIT {
    /** Listed by bl.spamcop.net only (weight 2): delivered, with a verdict header naming the listing. */
    private static final String DUBIOUS_CLIENT = "127.2.0.1";
    private static final String CLEAN_CLIENT = "127.1.1.1";
    private static final String REMOTE = "remote.test";
    private static final String BOB = "bob@" + BounceguardJames.DOMAIN;

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("bl.spamcop.net", "ip4set", DUBIOUS_CLIENT)
        .zone(REMOTE, "generic", "@ MX 10 mx." + REMOTE + ".", "mx A 127.0.0.1");

    static final PostfixPeer remote = new PostfixPeer(REMOTE)
        .user("dsn").user("vacation").user("sieve").user("forwarded").user("own");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(remote)
        .gateway(remote::gateway)
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addUser(BOB, "bob-password");
        data.addAddressMapping("fwd", BounceguardJames.DOMAIN, "forwarded@" + REMOTE);
    }

    @Test
    void aDsnReturnsTheFailedMailWithoutBounceguardHeaders() throws Exception {
        String subject = "dsn depth";
        send(Dsns.acceptThenCheck(), CLEAN_CLIENT, "dsn@" + REMOTE, "nobody@" + BounceguardJames.DOMAIN,
            withAttachedMessage("dsn@" + REMOTE, "nobody@" + BounceguardJames.DOMAIN, subject));
        String dsn = remote.awaitInMailbox("dsn", message -> message.contains(TestMail.messageId(subject)));
        assertThat(dsn).containsIgnoringCase("multipart/report");
        assertNoBounceguardHeaderAnywhere(dsn);
    }

    @Test
    void aVacationReplyCarriesNoBounceguardHeader(GuiceJamesServer server) throws Exception {
        BounceguardJames.webAdmin(server).enableVacation(ALICE, "Alice is away", "Back on Monday.");
        try {
            String subject = "vacation depth";
            send(BounceguardJames.smtp(server), CLEAN_CLIENT, "vacation@" + REMOTE, ALICE,
                withAttachedMessage("vacation@" + REMOTE, ALICE, subject));
            String reply = remote.awaitInMailbox("vacation", message -> message.contains("Alice is away"));
            assertNoBounceguardHeaderAnywhere(reply);
        } finally {
            BounceguardJames.webAdmin(server).disableVacation(ALICE);
        }
    }

    @Test
    void aSieveRejectionCarriesNoBounceguardHeader(GuiceJamesServer server) throws Exception {
        BounceguardJames.webAdmin(server).activateSieveScript(BOB, "rejectall",
            "require [\"reject\"];\nreject \"Bob does not accept mail here.\";\n");
        String subject = "sieve depth";
        send(BounceguardJames.smtp(server), CLEAN_CLIENT, "sieve@" + REMOTE, BOB, withAttachedMessage("sieve@" + REMOTE, BOB, subject));
        String rejection = remote.awaitInMailbox("sieve", message -> message.contains("Bob does not accept mail here."));
        assertThat(rejection).containsIgnoringCase("multipart/report");
        assertNoBounceguardHeaderAnywhere(rejection);
    }

    @Test
    void aForwardedMailFromAListedClientLeavesWithoutItsVerdictHeaderAtAnyDepth(GuiceJamesServer server) throws Exception {
        String subject = "forward depth";
        String recipient = "fwd@" + BounceguardJames.DOMAIN;
        send(BounceguardJames.smtp(server), DUBIOUS_CLIENT, "someone@client.example", recipient,
            withAttachedMessage("someone@client.example", recipient, subject));
        String forwarded = remote.awaitInMailbox("forwarded", message -> message.contains(TestMail.messageId(subject)));
        assertThat(decodedParts(forwarded)).as("the attached message still arrives").contains("Attached body.");
        assertNoBounceguardHeaderAnywhere(forwarded);
    }

    @Test
    void aUsersOwnOutgoingMailLeavesWithoutBounceguardHeadersAtAnyDepth(GuiceJamesServer server) throws Exception {
        String subject = "own mail depth";
        String recipient = "own@" + REMOTE;
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).sendAuthenticated(CLEAN_CLIENT, "laptop", ALICE, ALICE_PASSWORD,
            ALICE, recipient, withAttachedMessage(ALICE, recipient, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        String sent = remote.awaitInMailbox("own", message -> message.contains(TestMail.messageId(subject)));
        assertThat(decodedParts(sent)).contains("Attached body.").contains("Subject: returned headers");
        assertNoBounceguardHeaderAnywhere(sent);
    }

    private static void send(SmtpClient smtp, String client, String sender, String recipient, String message) throws Exception {
        SmtpClient.Outcome outcome = smtp.send(client, "client.example", sender, recipient, message);
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    /**
     * A mail whose client put Bounceguard headers at the top, into an attached message (with a
     * base64 body part of its own) and into a returned-headers part - as a user forwarding a
     * received mail as an attachment does.
     */
    private static String withAttachedMessage(String from, String to, String subject) {
        return "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: " + TestMail.messageId(subject) + "\r\n"
            + "X-Bounceguard-Dnsbl: score=0; forged by the client\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
            + "\r\n"
            + "--outer\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "See the attached message.\r\n"
            + "--outer\r\n"
            + "Content-Type: message/rfc822\r\n"
            + "\r\n"
            + "From: someone@elsewhere.example\r\n"
            + "Subject: attached\r\n"
            + "X-Bounceguard-Dnsbl: score=3; listed=zen\r\n"
            + "x-bounceguard-backscatter: forged\r\n"
            + " continued\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"inner\"\r\n"
            + "\r\n"
            + "--inner\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Attached body.\r\n"
            + "--inner\r\n"
            + "Content-Type: message/rfc822\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + java.util.Base64.getMimeEncoder().encodeToString(
                "Subject: deepest\r\nX-Bounceguard-Dnsbl: score=9\r\n\r\nDeepest body.\r\n".getBytes(StandardCharsets.US_ASCII))
            + "\r\n"
            + "--inner--\r\n"
            + "--outer\r\n"
            + "Content-Type: text/rfc822-headers\r\n"
            + "\r\n"
            + "Subject: returned headers\r\n"
            + "X-Bounceguard-Dnsbl: score=2; listed=spamcop\r\n"
            + "--outer--\r\n";
    }

    private static void assertNoBounceguardHeaderAnywhere(String raw) throws Exception {
        assertThat(raw).as("the raw message").doesNotContainIgnoringCase("X-Bounceguard");
        assertThat(decodedParts(raw)).as("every part, decoded").doesNotContainIgnoringCase("X-Bounceguard");
    }

    /** Every part's header lines and decoded content, attached messages opened, depth first. */
    static String decodedParts(String raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        StringBuilder text = new StringBuilder();
        collect(message, text, 0);
        return text.toString();
    }

    private static void collect(Part part, StringBuilder text, int depth) throws Exception {
        if (depth > 20) {
            throw new AssertionError("parts nested deeper than 20");
        }
        for (String line : Collections.list(((javax.mail.internet.MimePart) part).getAllHeaderLines())) {
            text.append(line).append("\r\n");
        }
        text.append("\r\n");
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), text, depth + 1);
            }
        } else if (part.isMimeType("message/rfc822") || part.isMimeType("message/global")) {
            try (InputStream in = part.getInputStream()) {
                MimeMessage inner = new MimeMessage(Session.getInstance(new Properties()), in);
                collect(inner, text, depth + 1);
            }
        } else {
            try (InputStream in = part.getInputStream()) {
                text.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).append("\r\n");
            }
        }
    }
}
