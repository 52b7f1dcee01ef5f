package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.BounceguardJames.DOMAIN;

import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample refuses, at MAIL FROM, senders whose domain cannot receive mail, on both listeners:
 * rbldnsd serves a null MX ({@code MX 0 .}), a domain with only an A record, and NXDOMAIN for a
 * name that does not exist; a zone it does not serve answers REFUSED (a DNS failure). A real SMTP
 * client, from a loopback address that may not relay, sees each answer; an authenticated client
 * with the null-MX sender is accepted. Each answer moves exactly its own count of the
 * {@code UnroutableSender} MBean, and the counts are James metrics too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnroutableSenderIT {
    private static final String ZONE = "senders.test";
    private static final String NULL_MX = "nullmx." + ZONE;
    private static final String A_ONLY = "aonly." + ZONE;
    private static final String NO_SUCH_DOMAIN = "gone." + ZONE;
    /** Not served by rbldnsd: it answers REFUSED, as a broken or lame server would. */
    private static final String UNANSWERED = "unanswered.example";
    /** A stranger: not 127.0.0.1, the only address the sample lets relay. */
    private static final String CLIENT = "127.28.0.1";

    private static final String MBEAN = "org.bounceguard:type=UnroutableSender";
    private static final List<String> COUNTS = List.of("Checked", "RefusedNullMx", "RefusedNoSuchDomain", "RefusedNoMailHost",
        "FailedOpen", "AcceptedTrustedClient", "AcceptedOwnDomain");

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone(ZONE, "generic", "nullmx MX 0 .", "aonly A 192.0.2.30");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd).build();

    @Test
    @Order(1)
    void aNullMxSenderIsRefusedWith550And5727(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(BounceguardJames.smtp(server), "spammer@" + NULL_MX, ALICE, "from a null MX");

        assertThat(outcome.code()).as(outcome.reply()).isEqualTo(550);
        assertThat(outcome.reply()).contains("5.7.27", NULL_MX, "null MX");
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("Checked", 1L, "RefusedNullMx", 1L));
    }

    @Test
    @Order(2)
    void aSenderDomainThatDoesNotExistIsDeferredWith450(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(BounceguardJames.smtp(server), "someone@" + NO_SUCH_DOMAIN, ALICE, "from nowhere");

        assertThat(outcome.code()).as(outcome.reply()).isEqualTo(450);
        assertThat(outcome.reply()).contains("4.1.8", NO_SUCH_DOMAIN);
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("Checked", 1L, "RefusedNoSuchDomain", 1L));
    }

    @Test
    @Order(3)
    void aDomainWithOnlyAnARecordReceivesMailAndIsAccepted(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(BounceguardJames.smtp(server), "someone@" + A_ONLY, ALICE, "from an A-only domain");

        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "from an A-only domain");
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("Checked", 1L));
    }

    @Test
    @Order(4)
    void whenDnsFailsTheSenderIsAccepted(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(BounceguardJames.smtp(server), "someone@" + UNANSWERED, ALICE, "while DNS fails");

        assertThat(outcome.accepted()).as("a DNS failure never refuses: " + outcome.reply()).isTrue();
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "while DNS fails");
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("Checked", 1L, "FailedOpen", 1L));
    }

    @Test
    @Order(5)
    void anAuthenticatedClientWithTheNullMxSenderIsAccepted(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).sendAuthenticated(CLIENT, "laptop", ALICE, ALICE_PASSWORD,
            "alice@" + NULL_MX, ALICE, TestMail.message("alice@" + NULL_MX, ALICE, "authenticated, null MX sender"));

        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "authenticated, null MX sender");
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("AcceptedTrustedClient", 1L));
    }

    @Test
    @Order(6)
    void theBackupMxRefusesTooSoThatNoBounceIsEverAttempted(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(Dsns.acceptThenCheck(), "spammer@" + NULL_MX, "nobody@" + DOMAIN, "null MX to the backup MX");

        assertThat(outcome.code()).as(outcome.reply()).isEqualTo(550);
        assertThat(outcome.reply()).contains("5.7.27");
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("Checked", 1L, "RefusedNullMx", 1L));
    }

    @Test
    @Order(7)
    void theCountsAreJamesMetricsToo() throws Exception {
        Map<String, Long> counts = counts();
        String metrics = setUp.counters().metrics();

        assertThat(counts).containsEntry("RefusedNullMx", 2L).containsEntry("RefusedNoSuchDomain", 1L).containsEntry("FailedOpen", 1L);
        assertThat(Counters.metric(metrics, "bounceguard_unroutable_sender_checked")).isEqualTo(counts.get("Checked"));
        assertThat(Counters.metric(metrics, "bounceguard_unroutable_sender_refused_null_mx")).isEqualTo(counts.get("RefusedNullMx"));
        assertThat(Counters.metric(metrics, "bounceguard_unroutable_sender_refused_nxdomain")).isEqualTo(counts.get("RefusedNoSuchDomain"));
        assertThat(Counters.metric(metrics, "bounceguard_unroutable_sender_refused_no_mail_host")).isEqualTo(counts.get("RefusedNoMailHost"));
        assertThat(Counters.metric(metrics, "bounceguard_unroutable_sender_failed_open")).isEqualTo(counts.get("FailedOpen"));
        assertThat(Counters.metric(metrics, "bounceguard_unroutable_sender_accepted_trusted_client")).isEqualTo(counts.get("AcceptedTrustedClient"));
        assertThat(Counters.metric(metrics, "bounceguard_unroutable_sender_accepted_own_domain")).isEqualTo(counts.get("AcceptedOwnDomain"));
    }

    private static Map<String, Long> counts() throws Exception {
        return setUp.counters().values(MBEAN, COUNTS);
    }



    private static SmtpClient.Outcome send(SmtpClient listener, String sender, String recipient, String subject) throws Exception {
        return listener.send(CLIENT, "client.example", sender, recipient, TestMail.message(sender, recipient, subject));
    }
}
