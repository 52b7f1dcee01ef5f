package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeDeliveryIT {
    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.sampleConfigurationAsShipped().build();

    /**
     * An address literal: a sender that can be answered without DNS. The sample refuses senders
     * whose domain cannot receive mail, and example.com has a null MX (while a resolver without the
     * Internet answers NXDOMAIN for every name).
     */
    private static final String SENDER = "bob@[192.0.2.1]";

    @Test
    void mailToAliceLandsInHerInbox(GuiceJamesServer server) throws Exception {
        var outcome = BounceguardJames.smtp(server).send("127.1.1.1", "client.example", SENDER,
            BounceguardJames.ALICE, TestMail.message(SENDER, BounceguardJames.ALICE, "smoke"));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        Imap imap = BounceguardJames.imap(server);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
            assertThat(Imap.hasSubject(imap.inbox(BounceguardJames.ALICE, BounceguardJames.ALICE_PASSWORD), "smoke")).isTrue());
    }
}
