package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Rbldnsd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile mail through the whole sample pipeline of a real James: a 50 MB attachment, 10,000
 * MIME parts, 5,000 Received headers, a 1 MB header, a 1 MB Precedence of nested comments on a
 * mail to an unknown user, an 8 MB bounce of header-only parts. Each is sent once as ordinary mail (it must
 * reach the INBOX, past DnsblCheck's Received-chain reading) and once as a bounce (null sender:
 * IsBackscatter parses it, and it must land in the backscatter repository) - except the 5,000
 * hops, which the sample stops as a mail loop and keeps in the relay-loops repository. Nothing may reach
 * the error repository, and the server must stay healthy (no OutOfMemoryError: the last test
 * delivers an ordinary mail after all of them).
 */
class HostileInputIT {
    private static final String BACKSCATTER = "memory://var/mail/backscatter/";
    private static final String RELAY_LOOPS = "memory://var/mail/relay-loops/";
    private static final Duration BOUNDED = Duration.ofSeconds(90);
    private static final String NDR_SUPPRESSION = "org.bounceguard:type=NdrSuppression";
    private static final String INPUT_BOUNDS = "org.bounceguard:type=InputBounds";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd).build();

    @AfterEach
    void nothingInTheErrorRepository(GuiceJamesServer server) throws Exception {
        assertThat(BounceguardJames.webAdmin(server).size("memory://var/mail/error/")).isZero();
    }

    /** Writes a message's header fields after the common ones, then its body. */
    private interface Content {
        void write(Writer out) throws IOException;
    }

    @Test
    void fiftyMegabyteAttachment(GuiceJamesServer server) throws Exception {
        Content message = out -> {
            out.write("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n");
            out.write("--big\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n");
            out.write("--big\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            char[] line = new char[76];
            Random random = new Random(1);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (long written = 0; written < 50L * 1024 * 1024; written += 57) {   // 57 bytes per 76-char line
                for (int i = 0; i < line.length; i++) {
                    line[i] = alphabet.charAt(random.nextInt(64));
                }
                out.write(line);
                out.write("\r\n");
            }
            out.write("--big--\r\n");
        };
        deliveredBothWays(server, "hostile: 50 MB attachment", message);
    }

    @Test
    void tenThousandMimeParts(GuiceJamesServer server) throws Exception {
        Content message = out -> {
            out.write("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
            for (int part = 0; part < 10_000; part++) {
                out.write("--p\r\nContent-Type: text/plain\r\n\r\npart " + part + "\r\n");
            }
            out.write("--p--\r\n");
        };
        deliveredBothWays(server, "hostile: 10,000 MIME parts", message);
    }

    @Test
    void fiveThousandReceivedHeaders(GuiceJamesServer server) throws Exception {
        Content message = out -> {
            for (int hop = 0; hop < 5_000; hop++) {
                out.write("Received: from relay" + hop + ".example ([192.0.2." + (hop % 250 + 1) + "]) by relay"
                    + (hop + 1) + ".example with ESMTP id " + hop + "; Tue, 24 Nov 2026 10:00:00 +0000\r\n");
            }
            out.write("\r\nmany hops\r\n");
        };
        // more than 30 hops is a mail loop (RFC 5321 6.3): the sample keeps both in relay-loops, unprocessed
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        long loopsBefore = webAdmin.size(RELAY_LOOPS);
        send("127.7.0.1", "bob@example.com", "hostile: 5,000 Received headers", message);
        send("127.7.0.2", "", "hostile: 5,000 Received headers (as a bounce)", message);
        await().atMost(BOUNDED).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> webAdmin.size(RELAY_LOOPS) == loopsBefore + 2);
    }

    @Test
    void oneMegabyteHeader(GuiceJamesServer server) throws Exception {
        Content message = out -> {
            // SMTP limits a line to 1,000 octets: a 1 MB field arrives folded
            out.write("X-Huge: start");
            for (int chunk = 0; chunk < 1024 * 1024 / 72; chunk++) {
                out.write("\r\n\t" + "h".repeat(70));
            }
            out.write("\r\n\r\nhuge header\r\n");
        };
        deliveredBothWays(server, "hostile: 1 MB header", message);
    }

    /**
     * A 1 MB Precedence header of nested comments (folded, as SMTP's line limit requires) on a mail
     * to an unknown user, through the listener that accepts first and bounces afterwards: the NDR
     * guard reads the header to decide on the NDR. Its keyword, "bulk", comes first; the guard
     * reads the value up to its bound and suppresses the NDR, and a clean mail sent right after is
     * delivered (reading nested comments one level per pass held a spooler thread for hours).
     */
    @Test
    void megabyteOfNestedCommentsInPrecedenceIsDecidedAndMailFlowsOn(GuiceJamesServer server) throws Exception {
        long suppressedBefore = jmxLong(NDR_SUPPRESSION, "suppressedFor", "precedence");
        long cutBefore = jmxLong(INPUT_BOUNDS, "truncatedFor", "guard-header-value");
        Content message = out -> {
            out.write("Precedence: bulk ");
            for (char paren : new char[] {'(', ')'}) {
                for (int half = 0; half < 512 * 1024; half += 70) {
                    out.write("\r\n " + String.valueOf(paren).repeat(70));
                }
            }
            out.write("\r\n\r\nto nobody, with a megabyte of nested comments\r\n");
        };
        sendTo(2526, "127.7.0.3", "bob@example.com", "nobody@bounceguard.test", "hostile: 1 MB nested Precedence", message);
        sendClean("hostile: clean control after the nested Precedence");

        await().atMost(BOUNDED).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> jmxLong(NDR_SUPPRESSION, "suppressedFor", "precedence") > suppressedBefore);
        assertThat(jmxLong(INPUT_BOUNDS, "truncatedFor", "guard-header-value")).isGreaterThan(cutBefore);
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "hostile: clean control after the nested Precedence");
        // nothing lost: the failed mail is kept where the sample keeps mail to unknown users
        Mails.awaitInRepository(server, "memory://var/mail/address-error/", "hostile: 1 MB nested Precedence");
    }

    /**
     * An 8 MB bounce made of header-only parts (no body, short lines): IsBackscatter parses it to
     * judge it. The parser reads its first parts up to its part bound, decides - a forged bounce,
     * quarantined - and counts the cut; a clean mail sent right after is delivered.
     */
    @Test
    void eightMegabyteBounceOfHeaderOnlyPartsIsDecidedAndMailFlowsOn(GuiceJamesServer server) throws Exception {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        long backscatterBefore = webAdmin.size(BACKSCATTER);
        long cutBefore = jmxLong(INPUT_BOUNDS, "truncatedFor", "parts");
        Content message = out -> {
            out.write("MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"h\"\r\n\r\n");
            for (long written = 0; written < 8L * 1024 * 1024; written += 44) {
                out.write("--h\r\nReceived: from a by b\r\nX-Hop: y\r\n\r\n");
            }
            out.write("--h--\r\n");
        };
        send("127.7.0.4", "", "hostile: 8 MB of header-only parts", message);
        sendClean("hostile: clean control after the header-only parts");

        await().atMost(BOUNDED).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> webAdmin.size(BACKSCATTER) == backscatterBefore + 1);
        Mails.awaitInRepository(server, BACKSCATTER, "hostile: 8 MB of header-only parts");
        assertThat(jmxLong(INPUT_BOUNDS, "truncatedFor", "parts")).isGreaterThan(cutBefore);
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "hostile: clean control after the header-only parts");
    }

    private static void sendClean(String subject) throws IOException {
        send("127.7.0.9", "carol@example.com", subject, out -> out.write("\r\na clean mail\r\n"));
    }

    private static long jmxLong(String mbean, String operation, String argument) throws Exception {
        return setUp.counters().byKey(mbean, operation, argument);
    }

    @Test
    void theServerStillDeliversOrdinaryMailAfterwards(GuiceJamesServer server) throws Exception {
        send("127.7.0.9", "bob@example.com", "hostile: afterwards", out -> out.write("\r\nstill alive\r\n"));
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "hostile: afterwards");
    }

    private static void deliveredBothWays(GuiceJamesServer server, String subject, Content content) throws Exception {
        Imap imap = BounceguardJames.imap(server);
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        int inboxBefore = imap.count(ALICE, ALICE_PASSWORD);
        long backscatterBefore = webAdmin.size(BACKSCATTER);

        send("127.7.0.1", "bob@example.com", subject, content);
        send("127.7.0.2", "", subject + " (as a bounce)", content);

        // counted, not fetched: the point is where the mail went, and a client need not download 50 MB to know
        try {
            await().atMost(BOUNDED).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> imap.count(ALICE, ALICE_PASSWORD) == inboxBefore + 1);
            await().atMost(BOUNDED).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> webAdmin.size(BACKSCATTER) == backscatterBefore + 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder where = new StringBuilder("INBOX=" + imap.count(ALICE, ALICE_PASSWORD) + " (was " + inboxBefore + ")");
            for (String repository : new String[] {"spam", "backscatter", "error", "address-error", "relay-denied", "rrt-error", "relay-loops"}) {
                where.append(", ").append(repository).append('=').append(webAdmin.size("memory://var/mail/" + repository + "/"));
            }
            throw new AssertionError(subject + " not where expected: " + where, e);
        }
    }

    private static void send(String client, String sender, String subject, Content content) throws IOException {
        sendTo(2525, client, sender, ALICE, subject, content);
    }

    private static void sendTo(int port, String client, String sender, String recipient, String subject, Content content) throws IOException {
        SMTPClient smtp = new SMTPClient();
        smtp.setDefaultTimeout(120_000);
        smtp.connect(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(client), 0);
        try {
            smtp.setSoTimeout(120_000);
            smtp.login("client.example");
            assertThat(smtp.setSender(sender)).as(smtp.getReplyString()).isTrue();
            assertThat(smtp.addRecipient(recipient)).as(smtp.getReplyString()).isTrue();
            try (Writer out = smtp.sendMessageData()) {
                out.write("From: " + (sender.isEmpty() ? "MAILER-DAEMON@remote.example" : sender) + "\r\nTo: " + recipient
                    + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + Math.abs(subject.hashCode()) + "." + client + "@hostile.example>\r\n");
                content.write(out);
            }
            assertThat(smtp.completePendingCommand()).as(smtp.getReplyString()).isTrue();
            assertThat(SMTPReply.isPositiveCompletion(smtp.getReplyCode())).isTrue();
            smtp.logout();
        } finally {
            smtp.disconnect();
        }
    }
}
