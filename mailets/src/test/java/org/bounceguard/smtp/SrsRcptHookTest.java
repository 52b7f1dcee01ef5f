package org.bounceguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.SrsService;
import org.bounceguard.srs.SrsCodec;
import org.bounceguard.srs.SrsKeys;
import org.bounceguard.srs.SrsSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SrsRcptHookTest {
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private final SrsCodec codec = new SrsCodec(SrsKeys.parse("a unit test srs secret"), "bounceguard.test", 21);
    private final SrsService srs = new SrsService(codec, TODAY, Gauges.NONE);
    private final SrsRcptHook hook = new SrsRcptHook(srs);

    @AfterEach
    void close() {
        srs.close();
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(null, MaybeSender.nullSender(), new MailAddress(recipient));
    }

    @Test
    void aVerifiedSrsAddressIsAccepted() throws Exception {
        assertThat(rcpt(codec.forward("bob@origin.example", SrsSource.LISTED, LocalDate.now(TODAY))).getResult())
            .isEqualTo(HookReturnCode.ok());
    }

    @Test
    void aMadeUpAnExpiredAndAMalformedSrsAddressAreRefusedWith550AndCounted() throws Exception {
        String expired = codec.forward("bob@origin.example", SrsSource.CLEAN, LocalDate.now(TODAY).minusDays(22));

        for (String address : new String[] {"SRS0=ABCDEFGH=AA=victim.example=bob@bounceguard.test", expired, "SRS0=x@bounceguard.test"}) {
            HookResult result = rcpt(address);
            assertThat(result.getResult()).as(address).isEqualTo(HookReturnCode.deny());
            assertThat(result.getSmtpRetCode()).isEqualTo("550");
            assertThat(result.getSmtpDescription()).startsWith("5.7.1 ");
        }
        assertThat(srs.counters().refusedByReason())
            .containsEntry("srs-bad-hash", 1L).containsEntry("srs-expired", 1L).containsEntry("srs-malformed", 1L);
        assertThat(rcpt(expired).getSmtpDescription()).contains("expired");
    }

    @Test
    void mailThatIsNotABounceIsRefusedEvenToAVerifiedAddressSoNobodyRelaysThroughIt() throws Exception {
        MailAddress genuine = new MailAddress(codec.forward("bob@origin.example", SrsSource.CLEAN, LocalDate.now(TODAY)));

        HookResult result = hook.doRcpt(null, MaybeSender.of(new MailAddress("spammer@elsewhere.example")), genuine);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 ").contains("only delivery reports");
        assertThat(hook.doRcpt(null, MaybeSender.of(new MailAddress("MAILER-DAEMON@provider.example")), genuine).getResult())
            .isEqualTo(HookReturnCode.ok());
    }

    @Test
    void everyOtherRecipientIsLeftToTheNextHandler() throws Exception {
        assertThat(rcpt("alice@bounceguard.test").getResult()).isEqualTo(HookReturnCode.declined());
        String foreign = new SrsCodec(SrsKeys.parse("a unit test srs secret"), "other.example", 21)
            .forward("bob@origin.example", SrsSource.CLEAN, LocalDate.now(TODAY));
        assertThat(rcpt(foreign).getResult()).isEqualTo(HookReturnCode.declined());
        assertThat(srs.counters().refused()).isZero();
    }

    @Test
    void itTakesNoParameters() {
        BaseConfiguration config = new BaseConfiguration();
        config.addProperty("rejectUnsigned", "true");
        assertThatThrownBy(() -> hook.init(config)).isInstanceOf(ConfigurationException.class).hasMessageContaining("SrsRcptHook");
    }
}
