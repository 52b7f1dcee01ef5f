package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;
import static org.bounceguard.testsupport.Dsns.remoteBounce;
import static org.bounceguard.testsupport.TestMail.aliceSendsOut;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The outbound ledger in a real James with the sample configuration: alice's mail to a remote
 * user goes out through RemoteDelivery (gateway: a real SMTP server on loopback) and is recorded;
 * that remote system's bounce, sent to her From: address - not to the BATV-tagged envelope sender -
 * reaches her; a bounce quoting a Message-ID we never sent is quarantined as ledger-miss.
 */
class OutboundLedgerIT {

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing();

    static final RemoteMta remoteMta = new RemoteMta();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .build();

    private static long ledgerCounter(String attribute) throws Exception {
        return setUp.counters().value(Counters.OUTBOUND_LEDGER, attribute);
    }

    @Test
    void theBounceOfARelayedMailToHerFromAddressReachesHer(GuiceJamesServer server) throws Exception {
        long recordedBefore = ledgerCounter("MessagesRecorded");
        long hitsBefore = ledgerCounter("Hits");
        String messageId = aliceSendsOut(BounceguardJames.smtp(server), remoteMta, "carol@remote.example", "a mail carol's server will bounce later");
        assertThat(ledgerCounter("MessagesRecorded") - recordedBefore).as("the relayed mail is recorded, once").isEqualTo(1);

        // carol's server bounces to the From: address, without the BATV tag of the envelope sender
        remoteBounce(BounceguardJames.smtp(server), ALICE, messageId, "bounce to the From: address of a relayed mail");

        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "bounce to the From: address of a relayed mail");
        assertThat(delivered.header("X-Bounceguard-Backscatter")).isNull();
        assertThat(ledgerCounter("Hits") - hitsBefore).as("the ledger is asked once per bounce").isEqualTo(1);
    }

    @Test
    void aBounceQuotingAMessageIdWeNeverSentIsQuarantinedAsLedgerMiss(GuiceJamesServer server) throws Exception {
        long missesBefore = ledgerCounter("Misses");
        long quarantinedBefore = quarantinedFor("ledger-miss");
        remoteBounce(BounceguardJames.smtp(server), ALICE, "<never-sent-by-us.42@bounceguard.test>", "bounce quoting a message we never sent");

        JsonNode stored = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "bounce quoting a message we never sent");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains("ledger-miss");
        assertThat(stored.path("attributes").toString()).contains("ledger-miss");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "bounce quoting a message we never sent");
        // matched by IsBackscatter, recorded by RecordBackscatter: one look-up, one quarantine
        assertThat(ledgerCounter("Misses") - missesBefore).isEqualTo(1);
        assertThat(quarantinedFor("ledger-miss") - quarantinedBefore).isEqualTo(1);
    }

    private static long quarantinedFor(String reason) throws Exception {
        return setUp.counters().quarantinedFor(reason);
    }

    @Test
    void aBounceToAnotherUserQuotingAlicesMessageIdIsAMiss(GuiceJamesServer server) throws Exception {
        server.getProbe(org.apache.james.utils.DataProbeImpl.class).addUser("dave@" + BounceguardJames.DOMAIN, ALICE_PASSWORD);
        String messageId = aliceSendsOut(BounceguardJames.smtp(server), remoteMta, "erin@remote.example", "alice's mail whose id a forger reuses");

        // the Message-ID alone proves nothing: it must come back to an address that mail carried
        remoteBounce(BounceguardJames.smtp(server), "dave@" + BounceguardJames.DOMAIN, messageId, "bounce to dave quoting alice's mail");

        JsonNode stored = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "bounce to dave quoting alice's mail");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains("ledger-miss");
    }

    @Test
    void aBounceReturningNoMessageIdIsNoEvidence(GuiceJamesServer server) throws Exception {
        long noEvidenceBefore = ledgerCounter("NoEvidence");
        String dsn = "From: MAILER-DAEMON@mx.remote.example\r\nTo: " + ALICE + "\r\nSubject: a bounce without the original\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b2\"\r\n\r\n"
            + "--b2\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; carol@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--b2--\r\n";
        assertThat(BounceguardJames.smtp(server).send("127.1.1.1", "mx.remote.example", "", ALICE, dsn).accepted()).isTrue();

        // the other signals decide (here: no BATV tag), and the ledger counts that it had nothing to say
        JsonNode stored = Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "a bounce without the original");
        assertThat(Mails.headerValue(stored, "X-Bounceguard-Backscatter")).contains("batv-missing").doesNotContain("ledger-miss");
        assertThat(ledgerCounter("NoEvidence") - noEvidenceBefore).isEqualTo(1);
    }
}
