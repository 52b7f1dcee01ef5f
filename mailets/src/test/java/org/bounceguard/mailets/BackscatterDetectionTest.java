package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.management.ObjectName;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.bounceguard.backscatter.BackscatterCounters;
import org.bounceguard.backscatter.BackscattererEvidenceSource;
import org.bounceguard.backscatter.BatvEvidenceSource;
import org.bounceguard.backscatter.EvidenceSources;
import org.bounceguard.backscatter.LedgerEvidenceSource;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.dnsbl.Listing;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.findings.BackscatterFinding;
import org.bounceguard.findings.BatvFinding;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.matchers.IsBackscatter;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.BackscatterService;
import org.bounceguard.services.OutboundLedgerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IsBackscatter, RecordBackscatter and the BackscatterService behind them, with a real in-memory
 * outbound ledger: what a bounce is judged on, what is kept on it, and that each bounce is examined
 * (parsed, the ledger asked) once.
 */
class BackscatterDetectionTest {
    private static final String ALICE = "alice@example.org";

    private OutboundLedgerService ledger;
    private BackscatterService service;
    private IsBackscatter matcher;
    private RecordBackscatter recorder;

    @BeforeEach
    void start() throws MessagingException {
        ledger = new OutboundLedgerService(new InMemoryOutboundLedger(LedgerKey.fromSecret("a unit test ledger secret"),
            LedgerPolicy.DEFAULT, Clock.systemUTC()), "memory", new Gauges(null));
        service = new BackscatterService(new EvidenceSources(List.of(new BatvEvidenceSource(), new BackscattererEvidenceSource(),
            new LedgerEvidenceSource(ledger))), new Gauges(null));
        matcher = new IsBackscatter(service);
        matcher.init(FakeMatcherConfig.builder().matcherName("IsBackscatter").condition("any").build());
        recorder = new RecordBackscatter(service);
        recorder.init(FakeMailetConfig.builder().mailetName("RecordBackscatter").build());
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        ledger.close();
    }

    private static long ledgerCounter(String name) throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("org.bounceguard:type=OutboundLedger"), name);
    }

    private static FakeMail bounce(String sender, Optional<String> returnedMessageId) throws Exception {
        String returned = returnedMessageId.map(id -> "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Message-ID: " + id + "\r\nFrom: " + ALICE + "\r\nSubject: the original\r\n").orElse("");
        String dsn = "From: MAILER-DAEMON@mx.remote.example\r\nTo: " + ALICE + "\r\nSubject: failure notice\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; carol@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            + returned + "--b1--\r\n";
        FakeMail.Builder mail = FakeMail.builder().name("bounce").recipient(ALICE)
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn.getBytes(StandardCharsets.US_ASCII))));
        return (sender == null ? mail : mail.sender(sender)).build();
    }

    @Test
    void aQuarantinedBounceAsksTheLedgerOnceAndKeepsItsReasons() throws Exception {
        long missesBefore = ledgerCounter("Misses");
        FakeMail mail = bounce(null, Optional.of("<never-sent.1@example.org>"));
        BatvFinding.write(mail, Map.of(ALICE, new BatvResult.NotTagged(ALICE)));

        assertThat(matcher.match(mail)).isNotEmpty();
        recorder.service(mail);

        assertThat(ledgerCounter("Misses") - missesBefore).isEqualTo(1);
        assertThat(BackscatterFinding.reasons(mail)).containsExactly("batv-missing", "ledger-miss");
        assertThat(mail.getMessage().getHeader("X-Bounceguard-Backscatter", null)).isEqualTo("batv-missing; ledger-miss");
        assertThat(service.counters().snapshot().quarantinedFor("ledger-miss")).isEqualTo(1);
    }

    @Test
    void aBounceReturningNoMessageIdIsQuarantinedForItAndCountedOnce() throws Exception {
        long before = ledgerCounter("NoEvidence");
        FakeMail mail = bounce(null, Optional.empty());
        BatvFinding.write(mail, Map.of(ALICE, new BatvResult.NotTagged(ALICE)));

        assertThat(matcher.match(mail)).isNotEmpty();
        recorder.service(mail);

        assertThat(ledgerCounter("NoEvidence") - before).isEqualTo(1);
        assertThat(BackscatterFinding.reasons(mail)).containsExactly("batv-missing", "ledger-no-message-id");
    }

    @Test
    void aBounceAnsweringMailWeRelayedIsLetThroughWhateverElseItLacks() throws Exception {
        ledger.record("<relayed.7@example.org>", List.of(ALICE), List.of("carol@remote.example"));
        FakeMail mail = bounce(null, Optional.of("<relayed.7@example.org>"));
        BatvFinding.write(mail, Map.of(ALICE, new BatvResult.NotTagged(ALICE)));

        assertThat(matcher.match(mail)).isEmpty();
        assertThat(BackscatterFinding.evidence(mail)).hasValueSatisfying(evidence -> assertThat(evidence.proofs()).containsExactly("ledger"));
        assertThat(service.counters().snapshot().accepted()).isEqualTo(1);
    }

    @Test
    void oneProofOpensTheBounceToTheProvenRecipientOnlyAndTheRestIsQuarantined() throws Exception {
        ledger.record("<sent-by-alice.8@example.org>", List.of(ALICE), List.of("carol@remote.example"));
        String dsn = "From: MAILER-DAEMON@mx.remote.example\r\nTo: " + ALICE + "\r\nSubject: failure notice\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.example\r\n\r\n"
            + "Final-Recipient: rfc822; carol@remote.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <sent-by-alice.8@example.org>\r\nFrom: " + ALICE + "\r\n"
            + "--b1--\r\n";
        FakeMail mail = FakeMail.builder().name("forged-to-four")
            .recipients("bob@example.org", ALICE, "carol@example.org", "dave@example.org")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn.getBytes(StandardCharsets.US_ASCII))))
            .build();
        long hitsBefore = ledgerCounter("Hits");
        long missesBefore = ledgerCounter("Misses");
        BackscatterCounters.Snapshot before = service.counters().snapshot();

        Collection<MailAddress> quarantined = matcher.match(mail);
        // what James does with a matcher's answer: the matched recipients go on in a copy of their own
        mail.setRecipients(quarantined);
        recorder.service(mail);

        assertThat(quarantined).extracting(MailAddress::asString).containsExactly("bob@example.org", "carol@example.org", "dave@example.org");
        BackscatterCounters.Snapshot after = service.counters().snapshot();
        assertThat(after.bouncesSeen() - before.bouncesSeen()).isEqualTo(1);
        assertThat(after.accepted() - before.accepted()).isEqualTo(1);
        assertThat(after.split() - before.split()).isEqualTo(1);
        assertThat(after.quarantined() - before.quarantined()).isEqualTo(1);
        assertThat(after.quarantinedFor("ledger-miss") - before.quarantinedFor("ledger-miss")).isEqualTo(1);
        assertThat(ledgerCounter("Hits") - hitsBefore).as("alice").isEqualTo(1);
        assertThat(ledgerCounter("Misses") - missesBefore).as("bob, carol, dave; once each").isEqualTo(3);
        assertThat(BackscatterFinding.reasons(mail)).containsExactly("ledger-miss");
    }

    @Test
    void aBounceFromMailerDaemonListedBySafeModeZoneIsBackscattererListed() throws Exception {
        FakeMail mail = bounce("MAILER-DAEMON@mx.remote.example", Optional.empty());
        new DnsblFinding(org.bounceguard.findings.ClientCheck.checked(com.google.common.net.InetAddresses.forString("192.0.2.7")), new DnsblVerdict(List.of(new Listing(ZoneSpec.parse("ips.backscatterer.org*3:safe"),
            "7.2.0.192.ips.backscatterer.org", List.of("127.0.0.2"), Optional.empty())), List.of(), Optional.empty())).writeTo(mail);

        assertThat(matcher.match(mail)).isNotEmpty();
        recorder.service(mail);

        // with the ledger on, a bounce returning no Message-ID is also unproven by it
        assertThat(BackscatterFinding.reasons(mail)).containsExactly("backscatterer-listed", "ledger-no-message-id");
    }

    @Test
    void mailThatIsNotABounceIsNeitherMatchedNorExamined() throws Exception {
        FakeMail mail = bounce("bob@remote.example", Optional.of("<never-sent.2@example.org>"));

        assertThat(matcher.match(mail)).isEmpty();
        assertThat(BackscatterFinding.evidence(mail)).isEmpty();
        assertThat(service.counters().snapshot().bouncesSeen()).isZero();
    }

    @Test
    void recordBackscatterComputesTheEvidenceItselfWhenNoMatcherDid() throws Exception {
        long missesBefore = ledgerCounter("Misses");
        FakeMail mail = bounce(null, Optional.of("<never-sent.3@example.org>"));

        recorder.service(mail);

        assertThat(BackscatterFinding.reasons(mail)).containsExactly("ledger-miss");
        assertThat(ledgerCounter("Misses") - missesBefore).isEqualTo(1);
    }

    @Test
    void anEmptyHeaderParameterWritesNoHeader() throws Exception {
        RecordBackscatter quiet = new RecordBackscatter(service);
        quiet.init(FakeMailetConfig.builder().mailetName("RecordBackscatter").setProperty("header", "").build());
        FakeMail mail = bounce(null, Optional.of("<never-sent.4@example.org>"));

        quiet.service(mail);

        assertThat(BackscatterFinding.isQuarantined(mail)).isTrue();
        assertThat(mail.getMessage().getHeader("X-Bounceguard-Backscatter")).isNull();
    }

    @Test
    void aConditionNamingAReasonNoSourceGivesIsRefusedWithTheKnownOnes() {
        IsBackscatter weighted = new IsBackscatter(service);

        assertThatThrownBy(() -> weighted.init(FakeMatcherConfig.builder().matcherName("IsBackscatter")
                .condition("weighted:2, relays-unknown=2").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("IsBackscatter").hasMessageContaining("'relays-unknown'")
            .hasMessageContaining("batv-missing").hasMessageContaining("ledger-miss");
    }

    @Test
    void aMisspeltParameterIsRefusedNamingTheNearestOne() {
        assertThatThrownBy(() -> new RecordBackscatter(service).init(FakeMailetConfig.builder().mailetName("RecordBackscatter")
                .setProperty("heder", "X-Backscatter").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("RecordBackscatter").hasMessageContaining("'heder'").hasMessageContaining("did you mean 'header'");
    }
}
