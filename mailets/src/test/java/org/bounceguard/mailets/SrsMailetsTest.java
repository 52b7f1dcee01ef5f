package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.findings.SrsFinding;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.SrsService;
import org.bounceguard.srs.SrsCodec;
import org.bounceguard.srs.SrsKeys;
import org.bounceguard.srs.SrsResult;
import org.bounceguard.srs.SrsSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SrsForward and SrsReverse on James mails: what leaves rewritten, which answers go back, which stop here. */
class SrsMailetsTest {
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private final SrsService srs = new SrsService(new SrsCodec(SrsKeys.parse("a unit test srs secret"), "srs.localhost", 21), TODAY, Gauges.NONE);
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private SrsForward forward;
    private SrsReverse reverse;

    @BeforeEach
    void init() throws MessagingException {
        forward = new SrsForward(srs);
        forward.init(FakeMailetConfig.builder().mailetName("SrsForward").mailetContext(context).build());
        reverse = new SrsReverse(srs);
        reverse.init(FakeMailetConfig.builder().mailetName("SrsReverse").mailetContext(context).build());
    }

    @AfterEach
    void close() {
        srs.close();
    }

    private static MailImpl forwarded(String sender) throws MessagingException {
        return MailImpl.builder().name("fwd").sender(sender).addRecipient("alice@provider.example")
            .addAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE).build();
    }

    @Test
    void aForwardedMailLeavesWithAnSrs0SenderThatReversesToTheOriginalSender() throws Exception {
        MailImpl mail = forwarded("bob@origin.example");

        forward.service(mail);

        String sender = mail.getMaybeSender().get().asString();
        assertThat(sender).startsWith("SRS0=").endsWith("=origin.example=bob@srs.localhost");
        assertThat(srs.reverse(sender)).isEqualTo(new SrsResult.Valid("bob@origin.example", SrsSource.CLEAN, "SRS0"));
        assertThat(srs.counters().rewritten()).isEqualTo(1);
    }

    @Test
    void theOriginalsDnsblAndSpfFindingsTravelInTheAddress() throws Exception {
        MailImpl listed = forwarded("bob@origin.example");
        listed.setAttribute(new Attribute(DnsblFinding.SCORE, AttributeValue.of(1)));
        MailImpl spfFail = forwarded("bob@origin.example");
        spfFail.setAttribute(new Attribute(MailFacts.SPF_RESULT, AttributeValue.of("fail")));
        MailImpl softfail = forwarded("bob@origin.example");
        softfail.setAttribute(new Attribute(MailFacts.SPF_RESULT, AttributeValue.of("softfail")));

        forward.service(listed);
        forward.service(spfFail);
        forward.service(softfail);

        assertThat(((SrsResult.Valid) srs.reverse(listed.getMaybeSender().get().asString())).source()).isEqualTo(SrsSource.LISTED);
        assertThat(((SrsResult.Valid) srs.reverse(spfFail.getMaybeSender().get().asString())).source()).isEqualTo(SrsSource.SPF_FAIL);
        assertThat(((SrsResult.Valid) srs.reverse(softfail.getMaybeSender().get().asString())).source()).isEqualTo(SrsSource.CLEAN);
    }

    @Test
    void anSrsSenderOfAnotherForwarderBecomesSrs1() throws Exception {
        String firstHop = new SrsCodec(SrsKeys.parse("the first forwarder's secret"), "first.example", 21)
            .forward("bob@origin.example", SrsSource.CLEAN, LocalDate.now(TODAY));
        MailImpl mail = forwarded(firstHop);

        forward.service(mail);

        assertThat(mail.getMaybeSender().get().asString()).startsWith("SRS1=").contains("=first.example==");
        assertThat(srs.counters().rewrittenSrs1()).isEqualTo(1);
    }

    @Test
    void localSendersBouncesAndOurOwnSrsAddressesAreLeftAlone() throws Exception {
        MailImpl local = forwarded("carol@localhost");
        MailImpl bounce = MailImpl.builder().name("dsn").addRecipient("alice@provider.example").build();
        String ours = srs.forward("bob@origin.example", SrsSource.CLEAN);
        MailImpl again = forwarded(ours);
        MailImpl authenticated = MailImpl.builder().name("auth").sender("bob@origin.example").addRecipient("alice@provider.example")
            .addAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("carol"))).build();

        for (Mail mail : new Mail[] {local, bounce, again, authenticated}) {
            forward.service(mail);
        }

        assertThat(local.getMaybeSender().get().asString()).isEqualTo("carol@localhost");
        assertThat(bounce.getMaybeSender().isNullSender()).isTrue();
        assertThat(again.getMaybeSender().get().asString()).isEqualTo(ours);
        assertThat(authenticated.getMaybeSender().get().asString()).isEqualTo("bob@origin.example");
        assertThat(srs.counters().rewritten()).isEqualTo(1);
    }

    @Test
    void aBounceOfACleanForwardGoesBackToTheOriginalSender() throws Exception {
        String address = srs.forward("bob@origin.example", SrsSource.CLEAN);
        FakeMail bounce = FakeMail.builder().name("dsn").recipient(address).build();

        reverse.service(bounce);

        assertThat(bounce.getRecipients()).extracting(MailAddress::asString).containsExactly("bob@origin.example");
        assertThat(bounce.getAttribute(SrsFinding.RELAY_ALLOWED)).isPresent();
        assertThat(SrsFinding.reversed(bounce)).containsEntry(address, "bob@origin.example");
        assertThat(bounce.getState()).isNotEqualTo("srs-suppressed");
        assertThat(srs.counters().reversed()).isEqualTo(1);
    }

    @Test
    void aBounceOfAForwardFromAListedClientIsSuppressedAndCounted() throws Exception {
        String address = srs.forward("victim@origin.example", SrsSource.LISTED);
        FakeMail bounce = FakeMail.builder().name("dsn").recipient(address).state(Mail.DEFAULT).build();

        reverse.service(bounce);

        assertThat(bounce.getState()).isEqualTo("srs-suppressed");
        assertThat(bounce.getRecipients()).extracting(MailAddress::asString).containsExactly(address);
        assertThat(bounce.getAttribute(SrsFinding.RELAY_ALLOWED)).isEmpty();
        assertThat(SrsFinding.suppressed(bounce)).containsExactly("srs-listed");
        assertThat(srs.counters().suppressedByReason()).containsEntry("srs-listed", 1L).containsEntry("srs-spf-fail", 0L);
        assertThat(srs.counters().reversed()).isZero();
    }

    @Test
    void aForgedSrsRecipientIsLeftForTheBackscatterCheckAndNeverRelayed() throws Exception {
        String forged = "SRS0=ABCDEFGH=AA=victim.example=bob@srs.localhost";
        FakeMail bounce = FakeMail.builder().name("dsn").recipient(forged).state(Mail.DEFAULT).build();

        reverse.service(bounce);

        assertThat(bounce.getRecipients()).extracting(MailAddress::asString).containsExactly(forged);
        assertThat(bounce.getAttribute(SrsFinding.RELAY_ALLOWED)).isEmpty();
        assertThat(bounce.getState()).isEqualTo(Mail.DEFAULT);
    }

    @Test
    void mailThatIsNotABounceIsNeverReversed() throws Exception {
        String address = srs.forward("bob@origin.example", SrsSource.CLEAN);
        FakeMail notABounce = FakeMail.builder().name("spam").sender("spammer@elsewhere.example").recipient(address).build();

        reverse.service(notABounce);

        assertThat(notABounce.getRecipients()).extracting(MailAddress::asString).containsExactly(address);
        assertThat(notABounce.getAttribute(SrsFinding.RELAY_ALLOWED)).isEmpty();
        assertThat(srs.counters().reversed()).isZero();
    }

    @Test
    void aMixedMailIsSplitSoTheRelayPermissionCoversOnlyTheReversedAddress() throws Exception {
        String clean = srs.forward("bob@origin.example", SrsSource.CLEAN);
        String spfFail = srs.forward("victim@origin.example", SrsSource.SPF_FAIL);
        FakeMail bounce = FakeMail.builder().name("dsn").recipients(new MailAddress(clean), new MailAddress(spfFail),
            new MailAddress("someone@elsewhere.example")).state(Mail.DEFAULT).build();

        reverse.service(bounce);

        assertThat(bounce.getRecipients()).extracting(MailAddress::asString).containsExactly("someone@elsewhere.example");
        assertThat(bounce.getAttribute(SrsFinding.RELAY_ALLOWED)).isEmpty();
        assertThat(context.getSentMails()).hasSize(2);
        assertThat(context.getSentMails().get(0).getState()).isEqualTo("srs-suppressed");
        assertThat(context.getSentMails().get(0).getRecipients()).extracting(MailAddress::asString).containsExactly(spfFail);
        assertThat(context.getSentMails().get(1).getState()).isEqualTo("transport");
        assertThat(context.getSentMails().get(1).getRecipients()).extracting(MailAddress::asString).containsExactly("bob@origin.example");
        assertThat(context.getSentMails().get(1).getAttributes()).containsKey(SrsFinding.RELAY_ALLOWED);
    }

    @Test
    void unknownParametersAreRefused() {
        assertThatThrownBy(() -> new SrsForward(srs).init(FakeMailetConfig.builder().mailetName("SrsForward")
                .setProperty("dnsblTreshold", "2").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("dnsblThreshold");
        assertThatThrownBy(() -> new SrsForward(srs).init(FakeMailetConfig.builder().mailetName("SrsForward")
                .setProperty("dnsblThreshold", "0").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("dnsblThreshold");
    }
}
