package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.BounceguardJames.DOMAIN;

import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.Rbldnsd;
import org.bounceguard.it.support.SmtpClient;
import org.bounceguard.it.support.WebAdmin;
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
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpRefusalIT {
    /** ZEN (3) and SpamCop (2): score 5, the sample's reject threshold. */
    private static final String LISTED_CLIENT = "127.4.0.1";
    /** Listed like the first, but asked about only once the lists are down. */
    private static final String LISTED_WHILE_DNS_IS_DOWN = "127.4.0.2";
    /** ZEN only: score 3, the quarantine threshold, under the reject threshold. */
    private static final String ZEN_ONLY_CLIENT = "127.4.0.3";

    @RegisterExtension
    @Order(1)
    static Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("zen.spamhaus.org", "ip4set", LISTED_CLIENT, LISTED_WHILE_DNS_IS_DOWN, ZEN_ONLY_CLIENT)
        .zone("bl.spamcop.net", "ip4set", LISTED_CLIENT, LISTED_WHILE_DNS_IS_DOWN);

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = BounceguardJames.extension(() -> Map.of(
        "dns.servers", rbldnsd.hostAndPort(),
        "dnsbl.skip.loopback", "false"));

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        BounceguardJames.provisionAlice(server);
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        for (String role : new String[] {"postmaster", "abuse"}) {
            webAdmin.addAlias(ALICE, role + "@" + DOMAIN);
        }
    }

    @Test
    @Order(1)
    void aListedClientIsRefusedAtRcptWithTheListsReason(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = send(server, LISTED_CLIENT, ALICE, "from a listed client");

        assertThat(outcome.code()).isEqualTo(550);
        assertThat(outcome.reply()).contains("5.7.1", "[" + LISTED_CLIENT + "]", "zen.spamhaus.org", "Listed by test-zen");
    }

    @Test
    @Order(2)
    void theSameClientMayStillWriteToPostmasterAndAbuse(GuiceJamesServer server) throws Exception {
        for (String role : new String[] {"postmaster", "abuse"}) {
            SmtpClient.Outcome outcome = send(server, LISTED_CLIENT, role + "@" + DOMAIN, "listed client to " + role);
            assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        }
        // delivered to the mailbox behind the alias: a listed client's report reaches a person
        // (it scores 5, so the sample files it in the quarantine, where the operator reads it)
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "listed client to postmaster");
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "listed client to abuse");
    }

    @Test
    @Order(3)
    void anAuthenticatedClientIsAcceptedFromAListedAddress(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).sendAuthenticated(LISTED_CLIENT, "laptop", ALICE, ALICE_PASSWORD,
            ALICE, ALICE, BounceguardJames.message(ALICE, ALICE, "authenticated from a listed address"));

        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "authenticated from a listed address");
    }

    @Test
    @Order(4)
    void aClientUnderTheRejectThresholdIsAcceptedAndQuarantined(GuiceJamesServer server) throws Exception {
        SmtpClient.Outcome outcome = send(server, ZEN_ONLY_CLIENT, ALICE, "from a zen-only client");

        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "from a zen-only client");
    }

    @Test
    @Order(5)
    void withTheListsDownAListedClientIsAccepted(GuiceJamesServer server) throws Exception {
        rbldnsd.stop();

        SmtpClient.Outcome outcome = send(server, LISTED_WHILE_DNS_IS_DOWN, ALICE, "listed, but the lists are down");

        assertThat(outcome.accepted()).as("fail open: " + outcome.reply()).isTrue();
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "listed, but the lists are down");
    }

    private static SmtpClient.Outcome send(GuiceJamesServer server, String client, String recipient, String subject) throws Exception {
        String sender = "someone@client.example";
        return BounceguardJames.smtp(server).send(client, "client.example", sender, recipient,
            BounceguardJames.message(sender, recipient, subject));
    }
}
