package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.bounceguard.backscatter.BackscatterCounters;
import org.bounceguard.backscatter.batv.BatvKeys;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.findings.BatvFinding;
import org.bounceguard.mailetbase.BatvMailets;
import org.bounceguard.services.BatvService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BatvSign and BatvStrip on James mails: what leaves tagged, what arrives untagged, what is recorded. */
class BatvMailetsTest {
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    private final BatvService batv = new BatvService(BatvKeys.parse("1:a unit test batv key"), 7, Set.of("example.org"), TODAY);
    private final BackscatterCounters counters = new BackscatterCounters(List.of());
    private BatvSign sign;
    private BatvStrip strip;

    @BeforeEach
    void init() throws MessagingException {
        BatvMailets mailets = new BatvMailets(batv, counters);
        sign = new BatvSign(mailets);
        sign.init(FakeMailetConfig.builder().mailetName("BatvSign").build());
        strip = new BatvStrip(mailets);
        strip.init(FakeMailetConfig.builder().mailetName("BatvStrip").build());
    }

    private static MailImpl outgoing(String sender) throws MessagingException {
        return MailImpl.builder().name("out").sender(sender).addRecipient("carol@remote.example").build();
    }

    @Test
    void theEnvelopeSenderOfASigningDomainLeavesTaggedAndVerifies() throws Exception {
        MailImpl mail = outgoing("alice@example.org");

        sign.service(mail);

        String tagged = mail.getMaybeSender().get().asString();
        assertThat(tagged).startsWith("prvs=1").endsWith("=alice@example.org");
        assertThat(batv.verify(tagged).isValid()).isTrue();
        assertThat(counters.snapshot().batvSigned()).isEqualTo(1);
    }

    @Test
    void otherDomainsAndAlreadyTaggedSendersLeaveUnchanged() throws Exception {
        MailImpl foreign = outgoing("bob@other.example");
        sign.service(foreign);
        assertThat(foreign.getMaybeSender().get().asString()).isEqualTo("bob@other.example");

        String tagged = batv.sign("alice@example.org");
        MailImpl again = outgoing(tagged);
        sign.service(again);
        assertThat(again.getMaybeSender().get().asString()).isEqualTo(tagged);
        assertThat(counters.snapshot().batvSigned()).isZero();
    }

    @Test
    void aTaggedRecipientIsDeliveredToThePlainAddressAndItsResultKept() throws Exception {
        FakeMail bounce = FakeMail.builder().name("in").recipients(new MailAddress(batv.sign("alice@example.org")),
            new MailAddress("bob@example.org"), new MailAddress("carol@other.example")).build();

        strip.service(bounce);

        assertThat(bounce.getRecipients()).extracting(MailAddress::asString)
            .containsExactly("alice@example.org", "bob@example.org", "carol@other.example");
        assertThat(BatvFinding.read(bounce)).containsOnlyKeys("alice@example.org", "bob@example.org");
        assertThat(BatvFinding.read(bounce).get("alice@example.org").isValid()).isTrue();
        assertThat(BatvFinding.read(bounce).get("bob@example.org")).isInstanceOf(BatvResult.NotTagged.class);
        assertThat(counters.snapshot().batvVerified()).isEqualTo(1);
    }

    @Test
    void aForgedTagIsRecordedAsSuchAndCountedAsFailed() throws Exception {
        String tagged = batv.sign("alice@example.org");
        // prvs= K DDD SSSSSS =: the signature replaced by one we did not make
        String forged = tagged.substring(0, 9) + (tagged.startsWith("000000", 9) ? "111111" : "000000") + tagged.substring(15);
        FakeMail bounce = FakeMail.builder().name("in").recipient(forged).build();

        strip.service(bounce);

        assertThat(BatvFinding.read(bounce).get("alice@example.org"))
            .isEqualTo(new BatvResult.Invalid("alice@example.org", BatvResult.Invalid.Reason.BAD_SIGNATURE));
        assertThat(counters.snapshot().batvFailed()).isEqualTo(1);
    }

    @Test
    void mailToNoSigningDomainCarriesNoResults() throws Exception {
        FakeMail mail = FakeMail.builder().name("in").recipient("carol@other.example").build();

        strip.service(mail);

        assertThat(mail.getAttribute(BatvFinding.RESULTS)).isEmpty();
    }

    @Test
    void theBatvMailetsTakeNoParameters() {
        assertThatThrownBy(() -> new BatvSign(new BatvMailets(batv, counters)).init(FakeMailetConfig.builder().mailetName("BatvSign")
                .setProperty("keys", "1:secret").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("BatvSign").hasMessageContaining("'keys'").hasMessageContaining("takes no parameters");
    }
}
