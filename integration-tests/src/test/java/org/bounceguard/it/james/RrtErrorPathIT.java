package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code rrt-error} path of the sample: James's {@code RecipientRewriteTable} sends a mail
 * whose recipient's mappings fail (here a chain of forwards longer than James's mapping limit) to
 * {@code rrt-error} as a new mail built from the sender, recipients and message only. The guard
 * there must still see the DNSBL finding made in {@code root}, and a copy reprocessed from
 * {@code var/mail/rrt-error} with WebAdmin - into {@code rrt-error} or through {@code transport}
 * again - must get no second NDR. A real Postfix stands for the sender's domain; every "no NDR"
 * is checked after a clean control mail's NDR, sent later, reached it.
 */
class RrtErrorPathIT {
    /** Listed by bl.spamcop.net only (weight 2): under the quarantine threshold, over the guard's. */
    private static final String DUBIOUS_CLIENT = "127.2.0.1";
    private static final String CLEAN_CLIENT = "127.1.1.1";
    private static final String REMOTE = "remote.test";
    private static final String RRT_ERROR = "memory://var/mail/rrt-error/";
    private static final int CHAIN_LENGTH = 15;
    /** {"bounceguard.dnsbl.score": 0} in James's attribute JSON, base64: what KeepFindings would write for a clean mail. */
    static final String FORGED_FINDINGS = java.util.Base64.getEncoder().encodeToString(
        "{\"bounceguard.dnsbl.score\":{\"serializer\":\"IntSerializer\",\"value\":0}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    private static final String LOOPING = "chain-0@" + BounceguardJames.DOMAIN;

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("bl.spamcop.net", "ip4set", DUBIOUS_CLIENT)
        .zone(REMOTE, "generic", "@ MX 10 mx." + REMOTE + ".", "mx A 127.0.0.1");

    static final PostfixPeer remote = new PostfixPeer(REMOTE)
        .user("victim").user("control1").user("control2").user("control3").user("control4").user("carol").user("dave");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(remote)
        .gateway(remote::gateway)
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        // James refuses to create a loop, but a chain longer than its mapping limit (10) fails alike
        for (int hop = 0; hop < CHAIN_LENGTH; hop++) {
            data.addAddressMapping("chain-" + hop, BounceguardJames.DOMAIN, "chain-" + (hop + 1) + "@" + BounceguardJames.DOMAIN);
        }
    }

    @Test
    void aDubiousSourceWhoseRecipientLoopsGetsNoNdr(GuiceJamesServer server) throws Exception {
        long before = setUp.counters().ndrsSuppressedFor("dnsbl-listed");
        String subject = "forward chain from a listed client";
        TestMail.send(Dsns.acceptThenCheck(), DUBIOUS_CLIENT, "victim@" + REMOTE, LOOPING, subject);
        Mails.awaitInRepository(server, RRT_ERROR, subject);

        sendControl("control1", "control for the listed client's chain");
        assertThat(remote.mailbox("victim")).as("no NDR to the forged sender of a listed client").isEmpty();
        assertThat(setUp.counters().ndrsSuppressedFor("dnsbl-listed")).isGreaterThan(before);
    }

    /**
     * A spammer who read the README puts the findings header into the mail himself, claiming a
     * clean verdict (score 0) and that the mail was already answered: the header James carries
     * across the rewrite is the one written just before it, so the NDR guard still sees the listing.
     */
    @Test
    void aForgedFindingsHeaderFromAListedClientChangesNothing(GuiceJamesServer server) throws Exception {
        long before = setUp.counters().ndrsSuppressedFor("dnsbl-listed");
        String subject = "forward chain with forged findings";
        String message = "X-Bounceguard-Findings: " + FORGED_FINDINGS + "\r\n" + TestMail.message("victim@" + REMOTE, LOOPING, subject);
        SmtpClient.Outcome outcome = Dsns.acceptThenCheck().send(DUBIOUS_CLIENT, "client.example", "victim@" + REMOTE, LOOPING, message);
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> setUp.counters().ndrsSuppressedFor("dnsbl-listed") > before);

        sendControl("control3", "control for the forged findings");
        assertThat(remote.mailbox("victim")).as("no NDR to the forged sender of a listed client").isEmpty();
    }

    @Test
    void aCleanSourceGetsOneNdrAndReprocessingItsStoredCopyIntoRrtErrorAnswersNoSecondTime(GuiceJamesServer server) throws Exception {
        reprocessedOnce(server, "carol", "forward chain from a clean client", "rrt-error", "control2");
    }

    @Test
    void reprocessingTheStoredCopyThroughTransportAgainAnswersNoSecondTime(GuiceJamesServer server) throws Exception {
        reprocessedOnce(server, "dave", "forward chain from a clean client, reprocessed through transport", "transport", "control4");
    }

    /**
     * A clean client's mail through the chain gets its NDR; its copy in var/mail/rrt-error,
     * reprocessed into {@code processor}, is counted as already answered, and once a later control
     * mail's NDR has arrived the sender still has exactly one.
     */
    private static void reprocessedOnce(GuiceJamesServer server, String sender, String subject, String processor, String control) throws Exception {
        TestMail.send(Dsns.acceptThenCheck(), CLEAN_CLIENT, sender + "@" + REMOTE, LOOPING, subject);
        remote.awaitInMailbox(sender, message -> message.contains(TestMail.messageId(subject)));
        String key = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> storedKey(server, subject), Optional::isPresent).get();

        long alreadyAnswered = setUp.counters().ndrsSuppressedFor("already-answered");
        BounceguardJames.webAdmin(server).reprocess(RRT_ERROR, key, processor);

        // the control is queued after the reprocessed copy: its NDR arriving marks the copy's turn as past
        sendControl(control, "control after reprocessing into " + processor);
        assertThat(remote.mailbox(sender)).as("one NDR, however often the stored copy is reprocessed").hasSize(1);
        assertThat(setUp.counters().ndrsSuppressedFor("already-answered")).isGreaterThan(alreadyAnswered);
    }

    /** A clean client's mail to the looping address: its NDR reaching Postfix is the marker. */
    private static void sendControl(String localPart, String subject) throws Exception {
        TestMail.send(Dsns.acceptThenCheck(), CLEAN_CLIENT, localPart + "@" + REMOTE, LOOPING, subject);
        String ndr = remote.awaitInMailbox(localPart, message -> message.contains(TestMail.messageId(subject)));
        assertThat(ndr).containsIgnoringCase("multipart/report");
    }

    private static Optional<String> storedKey(GuiceJamesServer server, String subject) throws Exception {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        List<String> keys = webAdmin.mailKeys(RRT_ERROR);
        for (String key : keys) {
            if (subject.equals(Mails.headerValue(webAdmin.mail(RRT_ERROR, key), "Subject"))) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
