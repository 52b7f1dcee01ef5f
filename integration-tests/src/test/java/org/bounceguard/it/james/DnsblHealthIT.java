package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lists that misbehave must not lose or misroute mail: a wildcard list, a DNS server that dies. */
class DnsblHealthIT {
    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .listing("zen.spamhaus.org", "127.1.2.3", "127.1.2.4")
        // a broken list that answers "listed" for everything, 127.0.0.1 included
        .listing("bl.spamcop.net", "127.0.0.0/8 :127.0.0.2:Wildcard")
        .listing("b.barracudacentral.org", "127.2.0.1");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .setting("dnsbl.deadline", "1s")
        .setting("dns.queryTimeout", "500ms")
        .build();

    private static void send(GuiceJamesServer server, String client, String subject) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send(client, "client.example", "bob@example.com", ALICE,
            TestMail.message("bob@example.com", ALICE, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    @Test
    void wildcardListIsDisabledByTheHealthCheckAndItsListingsIgnored(GuiceJamesServer server) throws Exception {
        // barracuda (2) + the wildcard spamcop (2) would reach the threshold of 3
        send(server, "127.2.0.1", "barracuda plus wildcard");

        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "barracuda plus wildcard");
        assertThat(delivered.header("X-Bounceguard-Dnsbl"))
            .contains("score=2")
            .contains("bl.spamcop.net")
            .contains("DISABLED");

        try (Jmx jmx = Jmx.connect(BounceguardJames.workingDirectory())) {
            String spamcop = "org.bounceguard:type=DnsblZone,name=bl.spamcop.net";
            assertThat((Boolean) jmx.attribute(spamcop, "Enabled")).isFalse();
            assertThat((String) jmx.attribute(spamcop, "DisabledReason")).contains("127.0.0.1");
            assertThat((Boolean) jmx.attribute("org.bounceguard:type=DnsblZone,name=zen.spamhaus.org", "Enabled")).isTrue();
        }
    }

    @Test
    void mailIsStillDeliveredWhenTheDnsServerIsDown(GuiceJamesServer server) throws Exception {
        rbldnsd.stop();
        try {
            // 127.1.2.4 is listed by zen, but nobody can say so now: fail open, count the error
            send(server, "127.1.2.4", "while rbldnsd is down");

            Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "while rbldnsd is down");
            assertThat(delivered.header("X-Bounceguard-Dnsbl"))
                .contains("score=0")
                .containsPattern("zen.spamhaus.org:(NETWORK|TIMEOUT)");
            assertThat(BounceguardJames.webAdmin(server).mailKeys("memory://var/mail/error/")).isEmpty();
            assertThat(setUp.counters().value("org.bounceguard:type=DnsblZone,name=zen.spamhaus.org", "Errors")).isPositive();
        } finally {
            rbldnsd.start();
        }
    }
}
