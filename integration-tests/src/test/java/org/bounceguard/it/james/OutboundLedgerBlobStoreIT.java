package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.Jmx;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbound ledger on James's own blob store ({@code ledger.store=blobstore}): the store a
 * cluster shares. Here it is the memory server's blob store; the code path - one bucket per day,
 * blob id = the keyed hash - is the one Cassandra and S3 servers run.
 */
class OutboundLedgerBlobStoreIT {
    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    static final RemoteMta remoteMta = new RemoteMta();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .setting("ledger.store", "blobstore")
        .build();

    @Test
    void aRelayedMailsBounceIsRecognisedAndAnUnknownOneIsAMiss(GuiceJamesServer server) throws Exception {
        try (Jmx jmx = Jmx.connect(BounceguardJames.workingDirectory())) {
            assertThat(jmx.attribute("org.bounceguard:type=OutboundLedger", "Store")).isEqualTo("blobstore");
        }
        // the remote system's DSN (Dsns.remoteBounce) reports carol: the ledger binds a bounce to the original's recipient
        String messageId = TestMail.aliceSendsOut(BounceguardJames.smtp(server), remoteMta, "carol@remote.example", "relayed, recorded in the blob store");

        Dsns.remoteBounce(BounceguardJames.smtp(server), ALICE, messageId, "blob store: bounce of a relayed mail");
        Dsns.remoteBounce(BounceguardJames.smtp(server), ALICE, "<unknown.7@bounceguard.test>", "blob store: bounce of an unknown mail");

        assertThat(Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "blob store: bounce of a relayed mail")
            .header("X-Bounceguard-Backscatter")).isNull();
        assertThat(Mails.headerValue(Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "blob store: bounce of an unknown mail"),
            "X-Bounceguard-Backscatter")).contains("ledger-miss");
        assertThat(setUp.counters().value(Counters.OUTBOUND_LEDGER, "Hits")).isPositive();
    }
}
