package org.bounceguard.mailetbase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.findings.ClientCheck;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.NdrSuppressionService;
import org.bounceguard.suppression.NdrRateLimiter;
import org.bounceguard.suppression.SenderDomainCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.SimpleResolver;

import com.google.common.base.Ticker;
import com.google.common.net.InetAddresses;

/** A guard with its own {@code zones} looks an unchecked mail up through the same writer as {@code DnsblCheck}, and only then. */
class GuardOwnLookupTest {
    // nobody listens there: every look-up fails open with an error, which must still be recorded
    private final DnsblService dnsbl = DnsblService.forTesting(DnsblEngine.builder()
        .servers(List.of(new InetSocketAddress("127.0.0.1", 9)))
        .queryTimeout(Duration.ofMillis(200))
        .deadline(Duration.ofMillis(500))
        .healthProbeInterval(Duration.ZERO)
        .skipLoopback(false)
        .build());
    private final NdrSuppressionService suppression;

    GuardOwnLookupTest() throws Exception {
        suppression = new NdrSuppressionService(NdrRateLimiter.builder().build(),
            new SenderDomainCheck(new SimpleResolver("127.0.0.1"), Duration.ofMillis(100), Ticker.systemTicker()), new Gauges(null));
    }

    @AfterEach
    void close() {
        suppression.close();
        dnsbl.close();
    }

    private AnswerGuard guard() throws Exception {
        Map<String, String> parameters = Map.of("zones", "zen.spamhaus.org*3", "checkSenderDomain", "false");
        return AnswerGuard.fromParameters("GuardedDSNBounce", parameters::get, dnsbl, suppression, null);
    }

    private static FakeMail failedMail(String name) throws Exception {
        return FakeMail.builder().name(name).sender("bob@remote.example").recipient("alice@bounceguard.test").remoteAddr("192.0.2.1")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)))).build();
    }

    @Test
    void anUncheckedMailIsLookedUpAndItsFindingWrittenAsDnsblCheckWritesIt() throws Exception {
        FakeMail failed = failedMail("unchecked");

        guard().decide(failed, failed.getMaybeSender().asOptional(), FakeMailContext.defaultContext());

        assertThat(DnsblFinding.score(failed)).contains(0);
        assertThat(DnsblFinding.client(failed)).contains(ClientCheck.checked(InetAddresses.forString("192.0.2.1")));
        assertThat(DnsblFinding.summary(failed)).hasValueSatisfying(summary -> assertThat(summary)
            .startsWith("client=192.0.2.1; score=0; listed=none; errors=zen.spamhaus.org:"));
        assertThat(failed.getAttribute(DnsblFinding.WAITED_MILLIS)).isPresent();
    }

    @Test
    void aMailDnsblCheckAlreadyJudgedIsNotLookedUpAgain() throws Exception {
        AnswerGuard guard = guard();
        FakeMail failed = failedMail("checked");
        guard.decide(failed, failed.getMaybeSender().asOptional(), FakeMailContext.defaultContext());
        long queries = dnsbl.engine().zoneStatus("zen.spamhaus.org").orElseThrow().queries();

        guard.decide(failed, failed.getMaybeSender().asOptional(), FakeMailContext.defaultContext());

        assertThat(dnsbl.engine().zoneStatus("zen.spamhaus.org").orElseThrow().queries()).isEqualTo(queries);
    }
}
