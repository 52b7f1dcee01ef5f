package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.GuiceJamesServer;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpLoad;
import org.bounceguard.testsupport.VerdictWaits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DNSBL server dies in the middle of a 10,000-mail load: rbldnsd is killed (SIGKILL) once
 * 3,000 mails are in. Every mail James accepted must be found again - in the INBOX, or in the
 * spam repository for the clients that were listed while the list still answered - none in the
 * error repository, and none waiting for its verdict longer than the deadline.
 */
class DnsblOutageUnderLoadIT {
    private static final int MAILS = 10_000;
    private static final int KILL_AFTER = 3_000;

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        // the first ten load clients (127.70.0.1-10) are listed: their mail is spam while zen answers
        .listing("zen.spamhaus.org", "127.70.0.1-127.70.0.10");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .setting("dns.queryTimeout", "400ms")
        .setting("dnsbl.deadline", VerdictWaits.DEADLINE.toMillis() + "ms")
        .withoutAlice()
        .build();

    /**
     * Mail is spread over several mailboxes, as on a real server: James's in-memory mailbox gets
     * slower with every message one mailbox holds, which would measure James, not Bounceguard.
     */
    private static final int USERS = 25;

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        for (int user = 0; user < USERS; user++) {
            server.getProbe(DataProbeImpl.class).addUser(user(user), ALICE_PASSWORD);
        }
    }

    private static String user(int number) {
        return "load" + number + "@" + BounceguardJames.DOMAIN;
    }

    private static long delivered(GuiceJamesServer server) throws Exception {
        long total = 0;
        for (int user = 0; user < USERS; user++) {
            total += BounceguardJames.imap(server).count(user(user), ALICE_PASSWORD);
        }
        return total;
    }

    @Test
    void everyMailIsAccountedForWhenTheListServerDiesMidLoad(GuiceJamesServer server) throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        CompletableFuture<SmtpLoad.Result> load = CompletableFuture.supplyAsync(() -> {
            try {
                return new SmtpLoad("127.0.0.1", 2525).send(MAILS, 50, 8, 70, n -> user(n % USERS), "outage", accepted);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofMinutes(5)).until(() -> accepted.get() >= KILL_AFTER || load.isDone());
        rbldnsd.kill();
        long errorsAtKill = setUp.counters().value(Counters.zone("zen.spamhaus.org"), "Errors");
        SmtpLoad.Result result = load.get();

        assertThat(result.failures()).isEmpty();
        assertThat(result.accepted()).as("SMTP accepted every mail").isEqualTo(MAILS);
        WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
            .until(() -> delivered(server) + webAdmin.size("memory://var/mail/spam/") == MAILS);

        assertThat(webAdmin.size("memory://var/mail/error/")).as("mails in the error repository").isZero();
        assertThat(webAdmin.size("memory://var/mail/spam/")).as("listed clients quarantined before the outage").isPositive();
        assertThat(setUp.counters().value(Counters.zone("zen.spamhaus.org"), "Errors")).as("look-ups that failed after the kill are counted").isGreaterThan(errorsAtKill);
        for (int user = 0; user < USERS; user++) {
            VerdictWaits.assertWaitedAtMostTheDeadline(
                BounceguardJames.imap(server).headerOfEveryMessage(user(user), ALICE_PASSWORD, "X-Bounceguard-Dnsbl"), "127.70.",
                BounceguardJames.imap(server).count(user(user), ALICE_PASSWORD));
        }
    }
}
