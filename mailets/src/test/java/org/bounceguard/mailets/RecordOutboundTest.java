package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.bounceguard.james.Gauges;
import org.bounceguard.james.OutboundLedgerService;
import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerAnswer;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RecordOutbound: which return addresses a relayed mail is recorded for, and what is never recorded. */
class RecordOutboundTest {
    private final OutboundLedgerService ledger = new OutboundLedgerService(new InMemoryOutboundLedger(
        LedgerKey.fromSecret("a unit test ledger secret"), LedgerPolicy.DEFAULT, Clock.systemUTC()), "memory", new Gauges(null));

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    private RecordOutbound mailet() throws Exception {
        RecordOutbound mailet = new RecordOutbound(ledger);
        mailet.init(FakeMailetConfig.builder().mailetName("RecordOutbound").build());
        return mailet;
    }

    private static FakeMail relayed(String sender, String headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream((headers + "Subject: x\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
        FakeMail.Builder mail = FakeMail.builder().name("out").recipient("carol@remote.example").mimeMessage(message);
        return (sender == null ? mail : mail.sender(sender)).build();
    }

    @Test
    void theUntaggedEnvelopeSenderAndEveryFromAddressAreRecorded() throws Exception {
        mailet().service(relayed("prvs=1234abcdef=alice@example.org",
            "Message-ID: <m1@example.org>\r\nFrom: Alice <Alice@Example.org>, news@example.org\r\n"));

        assertThat(ledger.answers("<m1@example.org>", List.of("alice@example.org"))).isEqualTo(LedgerAnswer.HIT);
        assertThat(ledger.answers("<m1@example.org>", List.of("news@example.org"))).isEqualTo(LedgerAnswer.HIT);
        assertThat(ledger.answers("<m1@example.org>", List.of("prvs=1234abcdef=alice@example.org"))).isEqualTo(LedgerAnswer.MISS);
        assertThat(ledger.answers("<m1@example.org>", List.of("mallory@example.org"))).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void ourOwnBouncesAndMailWithoutMessageIdAreNotRecorded() throws Exception {
        mailet().service(relayed(null, "Message-ID: <ndr1@example.org>\r\nFrom: MAILER-DAEMON@example.org\r\n"));
        mailet().service(relayed("alice@example.org", "From: alice@example.org\r\n"));

        assertThat(ledger.answers("<ndr1@example.org>", List.of("mailer-daemon@example.org"))).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void anUnparsableFromStillRecordsTheEnvelopeSender() throws Exception {
        mailet().service(relayed("alice@example.org", "Message-ID: <m2@example.org>\r\nFrom: \"unterminated <\r\n"));

        assertThat(ledger.answers("<m2@example.org>", List.of("alice@example.org"))).isEqualTo(LedgerAnswer.HIT);
    }
}
