package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.bounceguard.james.Gauges;
import org.bounceguard.james.OutboundLedgerService;
import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.LedgerProof;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RecordOutbound: only mail written here is recorded (authenticated, or from our networks with one
 * of our senders; never a copy James makes), under the envelope sender and the authenticated
 * identity, bound to each recipient - never under a From: header.
 */
class RecordOutboundTest {
    /** FakeMailContext's one local domain. */
    private static final String ALICE = "alice@localhost";
    private static final String CAROL = "carol@remote.example";
    private static final Attribute FROM_OUR_NETWORK = new Attribute(RecordOutbound.FROM_AUTHORIZED_NETWORK, AttributeValue.of(true));

    private final OutboundLedgerService ledger = new OutboundLedgerService(new InMemoryOutboundLedger(
        LedgerKey.fromSecret("a unit test ledger secret"), LedgerPolicy.DEFAULT, Clock.systemUTC()), "memory", new Gauges(null));

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    private RecordOutbound mailet() throws Exception {
        RecordOutbound mailet = new RecordOutbound(ledger);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordOutbound").mailetContext(FakeMailContext.defaultContext()).build());
        return mailet;
    }

    private static FakeMail.Builder relayed(String sender, String headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream((headers + "Subject: x\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
        FakeMail.Builder mail = FakeMail.builder().name("out").recipient(CAROL).mimeMessage(message);
        return sender == null ? mail : mail.sender(sender);
    }

    private LedgerProof.Outcome bounceTo(String messageId, String bounceRecipient, String reported) {
        return ledger.prove(messageId, bounceRecipient, List.of(reported), LedgerProof.Use.FAILURE);
    }

    @Test
    void authenticatedMailIsRecordedUnderTheUntaggedEnvelopeSenderAndTheUserButNeverItsFrom() throws Exception {
        mailet().service(relayed("prvs=1234abcdef=alice@localhost",
            "Message-ID: <m1@localhost>\r\nFrom: Alice <Alice@localhost>, news@localhost\r\n")
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice.work@localhost"))).build());

        assertThat(bounceTo("<m1@localhost>", ALICE, CAROL)).isEqualTo(LedgerProof.Outcome.PROVEN);
        assertThat(bounceTo("<m1@localhost>", "alice.work@localhost", CAROL)).isEqualTo(LedgerProof.Outcome.PROVEN);
        assertThat(bounceTo("<m1@localhost>", "news@localhost", CAROL)).isEqualTo(LedgerProof.Outcome.MISS);
        assertThat(bounceTo("<m1@localhost>", "prvs=1234abcdef=alice@localhost", CAROL)).isEqualTo(LedgerProof.Outcome.MISS);
        assertThat(bounceTo("<m1@localhost>", ALICE, "dave@remote.example")).as("a recipient it was not sent to").isEqualTo(LedgerProof.Outcome.MISS);
    }

    @Test
    void mailFromOurNetworksIsRecordedOnlyWithOneOfOurSenders() throws Exception {
        mailet().service(relayed(ALICE, "Message-ID: <m2@localhost>\r\n").attribute(FROM_OUR_NETWORK).build());
        mailet().service(relayed("mallory@elsewhere.example", "Message-ID: <m3@localhost>\r\nFrom: " + ALICE + "\r\n")
            .attribute(FROM_OUR_NETWORK).build());

        assertThat(bounceTo("<m2@localhost>", ALICE, CAROL)).isEqualTo(LedgerProof.Outcome.PROVEN);
        assertThat(bounceTo("<m3@localhost>", ALICE, CAROL)).isEqualTo(LedgerProof.Outcome.MISS);
        assertThat(bounceTo("<m3@localhost>", "mallory@elsewhere.example", CAROL)).isEqualTo(LedgerProof.Outcome.MISS);
    }

    @Test
    void neitherAnOutsideClientsMailNorACopyJamesMakesOfInboundMailIsRecorded() throws Exception {
        // a spammer's mail to a local address forwarded outside: From: and sender are ours, the Message-ID is the spammer's
        mailet().service(relayed(ALICE, "Message-ID: <invented@localhost>\r\nFrom: " + ALICE + "\r\n").build());
        mailet().service(relayed(ALICE, "Message-ID: <invented@localhost>\r\nFrom: " + ALICE + "\r\n")
            .attribute(FROM_OUR_NETWORK).attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build());

        assertThat(bounceTo("<invented@localhost>", ALICE, CAROL)).isEqualTo(LedgerProof.Outcome.MISS);
    }

    @Test
    void ourOwnBouncesAndMailWithoutMessageIdAreNotRecorded() throws Exception {
        mailet().service(relayed(null, "Message-ID: <ndr1@localhost>\r\nFrom: MAILER-DAEMON@localhost\r\n").attribute(FROM_OUR_NETWORK).build());
        mailet().service(relayed(ALICE, "From: alice@localhost\r\n").attribute(FROM_OUR_NETWORK).build());

        assertThat(bounceTo("<ndr1@localhost>", "mailer-daemon@localhost", CAROL)).isEqualTo(LedgerProof.Outcome.MISS);
        assertThat(ledger.prove("", ALICE, List.of(CAROL), LedgerProof.Use.FAILURE)).isEqualTo(LedgerProof.Outcome.MISS);
    }
}
