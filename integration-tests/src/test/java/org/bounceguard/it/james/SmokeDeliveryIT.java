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

    @Test
    void mailToAliceLandsInHerInbox(GuiceJamesServer server) throws Exception {
        var outcome = BounceguardJames.smtp(server).send("127.1.1.1", "client.example", "bob@example.com",
            BounceguardJames.ALICE, TestMail.message("bob@example.com", BounceguardJames.ALICE, "smoke"));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        Imap imap = BounceguardJames.imap(server);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
            assertThat(Imap.hasSubject(imap.inbox(BounceguardJames.ALICE, BounceguardJames.ALICE_PASSWORD), "smoke")).isTrue());
    }
}
