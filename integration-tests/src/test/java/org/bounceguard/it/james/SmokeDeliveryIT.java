package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeDeliveryIT {
    @RegisterExtension
    static JamesServerExtension james = BounceguardJames.extension(Map::of);

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        BounceguardJames.provisionAlice(server);
    }

    @Test
    void mailToAliceLandsInHerInbox(GuiceJamesServer server) throws Exception {
        var outcome = BounceguardJames.smtp(server).send("127.1.1.1", "client.example", "bob@example.com",
            BounceguardJames.ALICE, BounceguardJames.message("bob@example.com", BounceguardJames.ALICE, "smoke"));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        Imap imap = BounceguardJames.imap(server);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
            assertThat(Imap.hasSubject(imap.inbox(BounceguardJames.ALICE, BounceguardJames.ALICE_PASSWORD), "smoke")).isTrue());
    }
}
