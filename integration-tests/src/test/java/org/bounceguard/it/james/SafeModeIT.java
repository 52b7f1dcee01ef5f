package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.BounceguardJames.DOMAIN;

import java.time.Duration;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Safe mode with a real Postfix as the remote domain: Postfix bounces our users' mail to unknown
 * users itself and sends its DSNs to James from a client address that the Backscatterer-like zone
 * lists. Its legitimate bounces (a valid BATV tag; a ledger hit for a domain that does not sign)
 * must reach the INBOX, a bounce answering nothing we sent goes to the backscatter repository with
 * {@code backscatterer-listed}, and its ordinary mail is delivered with nothing counted against it.
 * From a client that zen lists as well, the zen listing keeps its full effect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafeModeIT {
    /** Listed by the Backscatterer-like zone only. */
    private static final String SAFE_LISTED_PEER = "127.3.0.1";
    /** Listed by the Backscatterer-like zone and by zen. */
    private static final String SAFE_AND_ZEN_LISTED_PEER = "127.3.0.2";
    /** A domain of ours that does not sign (batv.domains names only bounceguard.test): the ledger proves its bounces. */
    private static final String UNSIGNED_DOMAIN = "plain.test";
    private static final String POSTFIX_DSN_SUBJECT = "Undelivered Mail Returned to Sender";
    private static final String BACKSCATTER = "memory://var/mail/backscatter/";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("ips.backscatterer.org", "ip4set", SAFE_LISTED_PEER, SAFE_AND_ZEN_LISTED_PEER)
        .zone("zen.spamhaus.org", "ip4set", SAFE_AND_ZEN_LISTED_PEER);

    /** The remote domain, started before James: RemoteDelivery's gateway must be known when James lays out its conf. */
    static final PostfixPeer remote = new PostfixPeer("remote.test").user("bob")
        .routes(DOMAIN, () -> 2525).routes(UNSIGNED_DOMAIN, () -> 2525);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(remote)
        .gateway(remote::gateway)
        .setting("batv.domains", DOMAIN)
        .withoutAlice()
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        assertThat(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue())
            .as("Postfix routes our domains to the sample's public listener").isEqualTo(2525);
        server.getProbe(DataProbeImpl.class).addDomain(UNSIGNED_DOMAIN);
        for (String prefix : new String[] {"safe", "both"}) {
            for (String user : new String[] {"tagged", "forged", "ordinary"}) {
                server.getProbe(DataProbeImpl.class).addUser(prefix + "-" + user + "@" + DOMAIN, ALICE_PASSWORD);
            }
            server.getProbe(DataProbeImpl.class).addUser(prefix + "-ledger@" + UNSIGNED_DOMAIN, ALICE_PASSWORD);
        }
    }

    @Test
    @Order(1)
    void fromAPeerListedOnlyInSafeModeLegitimateBouncesArriveAndForgedOnesAreQuarantined(GuiceJamesServer server) throws Exception {
        remote.connectFrom(SAFE_LISTED_PEER);
        Cases cases = Cases.start(server, "safe");

        Imap.Delivered tagged = Mails.awaitInInbox(server, cases.tagged, ALICE_PASSWORD, POSTFIX_DSN_SUBJECT);
        assertThat(tagged.header("X-Bounceguard-Dnsbl"))
            .contains("client=" + SAFE_LISTED_PEER, "score=0", "listed=none", "safe=ips.backscatterer.org:127.0.0.2");
        assertThat(tagged.header("X-Bounceguard-Backscatter")).isNull();

        Imap.Delivered ledger = Mails.awaitInInbox(server, cases.ledger, ALICE_PASSWORD, POSTFIX_DSN_SUBJECT);
        assertThat(ledger.header("X-Bounceguard-Dnsbl")).contains("score=0", "safe=ips.backscatterer.org:127.0.0.2");
        assertThat(ledger.header("X-Bounceguard-Backscatter")).isNull();

        JsonNode forged = awaitInRepositoryFor(server, BACKSCATTER, cases.forged);
        assertThat(Mails.headerValue(forged, "X-Bounceguard-Backscatter")).contains("backscatterer-listed");

        Imap.Delivered ordinary = Mails.awaitInInbox(server, cases.ordinary, ALICE_PASSWORD, cases.ordinarySubject);
        assertThat(ordinary.header("X-Bounceguard-Dnsbl"))
            .contains("client=" + SAFE_LISTED_PEER, "score=0", "listed=none")
            .doesNotContain("safe=");
        assertNowhereElse(server, cases);
    }

    @Test
    @Order(2)
    void fromAPeerThatZenListsTooTheZenListingKeepsItsFullEffect(GuiceJamesServer server) throws Exception {
        remote.connectFrom(SAFE_AND_ZEN_LISTED_PEER);
        Cases cases = Cases.start(server, "both");

        for (String user : new String[] {cases.tagged, cases.ledger, cases.ordinary}) {
            JsonNode spam = awaitInRepositoryFor(server, Mails.SPAM_REPOSITORY, user);
            assertThat(Mails.headerValue(spam, "X-Bounceguard-Dnsbl"))
                .as("zen alone scores 3, the quarantine threshold")
                .contains("client=" + SAFE_AND_ZEN_LISTED_PEER, "score=3", "listed=zen.spamhaus.org:127.0.0.2");
        }
        JsonNode forged = awaitInRepositoryFor(server, BACKSCATTER, cases.forged);
        assertThat(Mails.headerValue(forged, "X-Bounceguard-Backscatter")).contains("backscatterer-listed");
        assertNowhereElse(server, cases);
    }

    /** Each case's mail reached exactly one place: no copy in an INBOX where it must not be, none in the other repository. */
    private static void assertNowhereElse(GuiceJamesServer server, Cases cases) throws Exception {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        assertThat(webAdmin.mails("memory://var/mail/error/")).as("nothing in the error repository").isEmpty();
        for (JsonNode spam : webAdmin.mails(Mails.SPAM_REPOSITORY)) {
            assertThat(spam.path("recipients").toString()).doesNotContain(cases.forged);
        }
        for (JsonNode backscatter : webAdmin.mails(BACKSCATTER)) {
            assertThat(backscatter.path("recipients").toString()).doesNotContain(cases.tagged, cases.ledger, cases.ordinary);
        }
    }

    static JsonNode awaitInRepositoryFor(GuiceJamesServer server, String repository, String recipient) {
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        return await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> webAdmin.mails(repository).stream()
            .filter(mail -> mail.path("recipients").toString().contains(recipient))
            .findFirst(), Optional::isPresent).get();
    }

    /** One user per case, so that each outcome is tied to the mail that caused it. */
    private record Cases(String tagged, String ledger, String forged, String ordinary, String ordinarySubject) {
        static Cases start(GuiceJamesServer server, String prefix) throws Exception {
            Cases cases = new Cases(prefix + "-tagged@" + DOMAIN, prefix + "-ledger@" + UNSIGNED_DOMAIN,
                prefix + "-forged@" + DOMAIN, prefix + "-ordinary@" + DOMAIN, "ordinary mail from remote.test, " + prefix);
            SmtpClient james = BounceguardJames.smtp(server);
            // our users write to users remote.test does not have: Postfix accepts, then bounces
            for (String sender : new String[] {cases.tagged, cases.ledger}) {
                String nobody = "nobody-" + sender.replace('@', '-') + "@remote.test";
                // 127.0.0.1 is the sample's authorized network: our users relay from it
                SmtpClient.Outcome sent = james.send("127.0.0.1", "laptop", sender, nobody,
                    TestMail.message(sender, nobody, "mail from " + sender + " to a remote user who does not exist"));
                assertThat(sent.accepted()).as(sent.reply()).isTrue();
            }
            // a spammer hands Postfix mail with our user's address forged: Postfix bounces it to that user
            String unknown = "unknown-" + prefix + "@remote.test";
            SmtpClient.Outcome forgedSpam = remote.smtp().send("127.0.0.1", "spammer", cases.forged, unknown,
                TestMail.message(cases.forged, unknown, "spam with a forged sender, " + prefix));
            assertThat(forgedSpam.accepted()).as(forgedSpam.reply()).isTrue();
            // and bob at remote.test writes to one of our users
            SmtpClient.Outcome ordinary = remote.smtp().send("127.0.0.1", "bobs-laptop", "bob@remote.test", cases.ordinary,
                TestMail.message("bob@remote.test", cases.ordinary, cases.ordinarySubject));
            assertThat(ordinary.accepted()).as(ordinary.reply()).isTrue();
            return cases;
        }
    }
}
