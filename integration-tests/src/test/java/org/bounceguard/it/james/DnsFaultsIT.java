package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.testsupport.VerdictWaits.DEADLINE;
import static org.bounceguard.testsupport.VerdictWaits.assertWaitedAtMostTheDeadline;

import java.time.Duration;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.FaultyDns;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DNS going bad under load in a real James: the resolver Bounceguard asks is unreachable, answers
 * SERVFAIL, or answers after the deadline. Each time, a few hundred mails from distinct clients
 * (cold cache) must all be accounted for - delivered, none in the error repository - and none may
 * wait for its verdict longer than the configured deadline.
 */
class DnsFaultsIT {
    private static final int MAILS = 300;

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    static final FaultyDns dns = new FaultyDns(rbldnsd);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(dns)
        .settings(() -> Map.of("dns.servers", dns.hostAndPort()))
        .setting("dns.queryTimeout", "400ms")
        .setting("dnsbl.deadline", DEADLINE.toMillis() + "ms")
        .build();

    @AfterEach
    void healTheResolver() throws Exception {
        dns.mode(FaultyDns.Mode.FORWARD, Duration.ZERO);
    }

    @Test
    void resolverUnreachable(GuiceJamesServer server) throws Exception {
        dns.mode(FaultyDns.Mode.UNREACHABLE, Duration.ZERO);
        everyMailIsDeliveredWithinTheDeadline(server, 61, "errors");
    }

    @Test
    void resolverAnswersServfail(GuiceJamesServer server) throws Exception {
        dns.mode(FaultyDns.Mode.SERVFAIL, Duration.ZERO);
        everyMailIsDeliveredWithinTheDeadline(server, 62, "errors");
    }

    @Test
    void resolverAnswersAfterTheDeadline(GuiceJamesServer server) throws Exception {
        dns.mode(FaultyDns.Mode.SLOW, Duration.ofSeconds(2));
        everyMailIsDeliveredWithinTheDeadline(server, 63, "timeouts");
    }

    /** Sends MAILS mails from clients 127.{prefix}.x.y and checks where every one of them went. */
    private static void everyMailIsDeliveredWithinTheDeadline(GuiceJamesServer server, int prefix, String zoneCounter) throws Exception {
        int inboxBefore = BounceguardJames.imap(server).count(ALICE, ALICE_PASSWORD);
        long zoneCounterBefore = zenCounter(zoneCounter);

        SmtpLoad.Result load = new SmtpLoad("127.0.0.1", 2525).send(MAILS, 10, 6, prefix, ALICE, "fault " + prefix);

        assertThat(load.failures()).isEmpty();
        assertThat(load.accepted()).as("SMTP accepted every mail").isEqualTo(MAILS);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> BounceguardJames.imap(server).count(ALICE, ALICE_PASSWORD) - inboxBefore == MAILS);
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        assertThat(webAdmin.size("memory://var/mail/error/")).as("mails in the error repository").isZero();
        assertThat(webAdmin.size("memory://var/mail/spam/")).as("fail open: nothing quarantined").isZero();
        assertThat(zenCounter(zoneCounter)).as("the failures are counted (zen " + zoneCounter + ")").isGreaterThan(zoneCounterBefore);
        assertWaitedAtMostTheDeadline(BounceguardJames.imap(server).headerOfEveryMessage(ALICE, ALICE_PASSWORD, "X-Bounceguard-Dnsbl"),
            "127." + prefix + ".", MAILS);
    }

    /** A counter of the zen.spamhaus.org zone MBean, e.g. "errors" or "timeouts". */
    private static long zenCounter(String attribute) throws Exception {
        return setUp.counters().value(Counters.zone("zen.spamhaus.org"), Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1));
    }
}
