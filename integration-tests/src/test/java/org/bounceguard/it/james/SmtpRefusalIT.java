package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.BounceguardJames.DOMAIN;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample's public listener refuses, at RCPT, clients whose DNSBL score reaches 5 (ZEN and
 * SpamCop here), with the list's own TXT reason, and nobody else: not the role accounts
 * postmaster@ and abuse@ (aliases of alice, as scripts/run provisions them), not an authenticated
 * client, not a ZEN-only client (quarantined instead), and not anyone while the lists are down.
 * Each of those answers moves exactly its own count of the {@code RcptRefusal} MBean, and the same
 * counts are James metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpRefusalIT {
    /** ZEN (3) and SpamCop (2): score 5, the sample's reject threshold. */
    private static final String LISTED_CLIENT = "127.4.0.1";
    /** Listed like the first, but asked about only once the lists are down. */
    private static final String LISTED_WHILE_DNS_IS_DOWN = "127.4.0.2";
    /** ZEN only: score 3, the quarantine threshold, under the reject threshold. */
    private static final String ZEN_ONLY_CLIENT = "127.4.0.3";

    private static final String RCPT_REFUSAL = "org.bounceguard:type=RcptRefusal";
    private static final List<String> COUNTS = List.of("Checked", "Refused", "Deferred", "FailedOpen", "AcceptedRoleAccount",
        "AcceptedTrustedClient");
    /** The zones of the sample's DnsblRcptRefusal, by display name. */
    private static final List<String> ZONES = List.of("zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org", "list.dnswl.org");

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("zen.spamhaus.org", "ip4set", LISTED_CLIENT, LISTED_WHILE_DNS_IS_DOWN, ZEN_ONLY_CLIENT)
        .zone("bl.spamcop.net", "ip4set", LISTED_CLIENT, LISTED_WHILE_DNS_IS_DOWN);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd).build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        for (String role : new String[] {"postmaster", "abuse"}) {
            webAdmin.addAlias(ALICE, role + "@" + DOMAIN);
        }
    }

    @Test
    @Order(1)
    void aListedClientIsRefusedAtRcptWithTheListsReason(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(server, LISTED_CLIENT, ALICE, "from a listed client");

        assertThat(outcome.code()).isEqualTo(550);
        assertThat(outcome.reply()).contains("5.7.1", "[" + LISTED_CLIENT + "]", "zen.spamhaus.org", "Listed by test-zen");
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of(
            "Checked", 1L, "Refused", 1L, "zen.spamhaus.org", 1L, "bl.spamcop.net", 1L));
    }

    @Test
    @Order(2)
    void theSameClientMayStillWriteToPostmasterAndAbuse(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();
        for (String role : new String[] {"postmaster", "abuse"}) {
            SmtpClient.Outcome outcome = send(server, LISTED_CLIENT, role + "@" + DOMAIN, "listed client to " + role);
            assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        }
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("AcceptedRoleAccount", 2L));
        // delivered to the mailbox behind the alias: a listed client's report reaches a person
        // (it scores 5, so the sample files it in the quarantine, where the operator reads it)
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "listed client to postmaster");
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "listed client to abuse");
    }

    @Test
    @Order(3)
    void anAuthenticatedClientIsAcceptedFromAListedAddress(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).sendAuthenticated(LISTED_CLIENT, "laptop", ALICE, ALICE_PASSWORD,
            ALICE, ALICE, TestMail.message(ALICE, ALICE, "authenticated from a listed address"));

        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("AcceptedTrustedClient", 1L));
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "authenticated from a listed address");
    }

    @Test
    @Order(4)
    void aClientUnderTheRejectThresholdIsAcceptedAndQuarantined(GuiceJamesServer server) throws Exception {
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(server, ZEN_ONLY_CLIENT, ALICE, "from a zen-only client");

        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("Checked", 1L));
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "from a zen-only client");
    }

    @Test
    @Order(5)
    void withTheListsDownAListedClientIsAccepted(GuiceJamesServer server) throws Exception {
        rbldnsd.stop();
        Map<String, Long> before = counts();

        SmtpClient.Outcome outcome = send(server, LISTED_WHILE_DNS_IS_DOWN, ALICE, "listed, but the lists are down");

        assertThat(outcome.accepted()).as("fail open: " + outcome.reply()).isTrue();
        assertThat(Counters.deltas(before, counts())).containsExactlyInAnyOrderEntriesOf(Map.of("Checked", 1L, "FailedOpen", 1L));
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "listed, but the lists are down");
    }

    @Test
    @Order(6)
    void theCountsAreJamesMetricsToo(GuiceJamesServer server) throws Exception {
        Map<String, Long> counts = counts();
        String metrics = setUp.counters().metrics();

        assertThat(counts).containsEntry("Refused", 1L).containsEntry("FailedOpen", 1L);
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_checked")).isEqualTo(counts.get("Checked"));
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_refused")).isEqualTo(counts.get("Refused"));
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_deferred")).isEqualTo(counts.get("Deferred"));
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_failed_open")).isEqualTo(counts.get("FailedOpen"));
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_accepted_role_account")).isEqualTo(counts.get("AcceptedRoleAccount"));
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_accepted_trusted_client")).isEqualTo(counts.get("AcceptedTrustedClient"));
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_zone_zen_spamhaus_org_refused")).isEqualTo(counts.get("zen.spamhaus.org"));
        assertThat(Counters.metric(metrics, "bounceguard_rcpt_refusal_zone_b_barracudacentral_org_refused")).isZero();
    }

    /** The MBean's counts and its per-zone refusals, read over James's JMX connector. */
    private static Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>(setUp.counters().values(RCPT_REFUSAL, COUNTS));
        for (String zone : ZONES) {
            counts.put(zone, setUp.counters().byKey(RCPT_REFUSAL, "refusedBy", zone));
        }
        return counts;
    }



    private static SmtpClient.Outcome send(GuiceJamesServer server, String client, String recipient, String subject) throws Exception {
        String sender = "someone@client.example";
        return BounceguardJames.smtp(server).send(client, "client.example", sender, recipient,
            TestMail.message(sender, recipient, subject));
    }
}
