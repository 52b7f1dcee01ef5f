package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.it.support.BounceguardJames.DOMAIN;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Postfix as the front relay, listed in DnsblCheck's {@code trustedRelays}: James judges
 * the client address Postfix recorded in its Received header, whatever the client said in EHLO.
 * A ZEN-listed client that says {@code EHLO [127.55.0.1]} - an address DNSWL lists, score -5 -
 * must not pass for that address.
 */
class TrustedRelayIT {
    private static final String ZEN_LISTED_CLIENT = "127.1.2.3";
    private static final String DNSWL_LISTED_ADDRESS = "127.55.0.1";
    private static final String UNLISTED_CLIENT = "127.1.1.1";
    private static final String BACKSCATTER_SOURCE = "127.3.0.1";
    /** Postfix connects to James from 127.0.0.1: the one trusted relay. */
    private static final String RELAY = "127.0.0.1";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .listing("zen.spamhaus.org", ZEN_LISTED_CLIENT, DNSWL_LISTED_ADDRESS)
        .listing("list.dnswl.org", DNSWL_LISTED_ADDRESS)
        .listing("ips.backscatterer.org", BACKSCATTER_SOURCE);

    static final PostfixPeer frontRelay = new PostfixPeer("relay.test").routes(DOMAIN, () -> 2525);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(frontRelay)
        .confEdit("mailetcontainer.xml", "<header>X-Bounceguard-Dnsbl</header>",
            "<header>X-Bounceguard-Dnsbl</header>\n                <trustedRelays>" + RELAY + "/32</trustedRelays>")
        .build();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        assertThat(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue())
            .as("Postfix relays our domain to the sample's public listener").isEqualTo(2525);
    }

    private static void sendThroughRelay(String client, String helo, String sender, String subject) throws Exception {
        SmtpClient.Outcome outcome = frontRelay.smtp().send(client, helo, sender, ALICE,
            TestMail.message(sender.isEmpty() ? "MAILER-DAEMON@remote.example" : sender, ALICE, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    @Test
    void aListedClientSayingTheEhloLiteralOfAnAllowlistedAddressIsJudgedByItsRealAddress(GuiceJamesServer server) throws Exception {
        sendThroughRelay(ZEN_LISTED_CLIENT, "[" + DNSWL_LISTED_ADDRESS + "]", "bob@example.com", "laundered through the relay");

        JsonNode spam = Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "laundered through the relay");
        assertThat(Mails.headerValue(spam, "X-Bounceguard-Dnsbl"))
            .contains("client=" + ZEN_LISTED_CLIENT, "score=3")
            .doesNotContain(DNSWL_LISTED_ADDRESS, "list.dnswl.org");
        assertThat(spam.path("remoteAddr").asText()).as("the mail came through the relay").isEqualTo(RELAY);
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "laundered through the relay");
    }

    @Test
    void anUnlistedClientThroughTheRelayIsDeliveredWhateverItsEhloSays(GuiceJamesServer server) throws Exception {
        sendThroughRelay(UNLISTED_CLIENT, "[" + ZEN_LISTED_CLIENT + "]", "bob@example.com", "clean through the relay");

        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "clean through the relay");
        assertThat(delivered.header("X-Bounceguard-Dnsbl")).contains("client=" + UNLISTED_CLIENT, "score=0");
        assertThat(String.join("\n", delivered.headerLines())).as("Postfix's own record of its client")
            .contains("(unknown [" + UNLISTED_CLIENT + "])");
    }

    @Test
    void aBounceFromABackscatterSourceIsCheckedInSafeModeByItsRealAddress(GuiceJamesServer server) throws Exception {
        sendThroughRelay(BACKSCATTER_SOURCE, "[" + UNLISTED_CLIENT + "]", "", "bounce laundered through the relay");

        JsonNode bounce = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "bounce laundered through the relay");
        assertThat(Mails.headerValue(bounce, "X-Bounceguard-Dnsbl"))
            .contains("client=" + BACKSCATTER_SOURCE, "safe=ips.backscatterer.org:127.0.0.2");
        assertThat(Mails.headerValue(bounce, "X-Bounceguard-Backscatter")).contains("backscatterer-listed");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "bounce laundered through the relay");
    }
}
