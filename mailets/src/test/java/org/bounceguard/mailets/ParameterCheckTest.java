package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMailetConfig;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.NdrSuppressionService;
import org.bounceguard.suppression.NdrRateLimiter;
import org.bounceguard.suppression.SenderDomainCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.common.base.Ticker;

/** A misspelt mailet parameter stops start-up, naming the mailet, the parameter and the nearest valid one. */
class ParameterCheckTest {
    private final DnsblService dnsbl = DnsblService.forTesting(DnsblEngine.builder()
        .servers(List.of(new java.net.InetSocketAddress("127.0.0.1", 9))).healthProbeInterval(Duration.ZERO).build());
    private final NdrSuppressionService suppression = new NdrSuppressionService(NdrRateLimiter.builder().build(),
        new SenderDomainCheck(org.bounceguard.dns.DnsResolvers.of(List.of(new java.net.InetSocketAddress("127.0.0.1", 9)), Duration.ofMillis(100)),
            Duration.ofMillis(100), Ticker.systemTicker()), new Gauges(null));

    @AfterEach
    void close() {
        dnsbl.close();
        suppression.close();
    }

    @Test
    void dnsblCheckNamesTheNearestParameter() {
        assertThatThrownBy(() -> new DnsblCheck(dnsbl).init(FakeMailetConfig.builder().mailetName("dnsbl")
                .setProperty("zones", "zen.spamhaus.org").setProperty("deadlin", "2s").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("DnsblCheck").hasMessageContaining("unknown parameter 'deadlin'").hasMessageContaining("did you mean 'deadline'?");
    }

    @Test
    void aGuardedBounceKnowsTheGuardsParametersAndTheWrappedMailets() {
        GuardedBounce bounce = new GuardedBounce(null, dnsbl, suppression, null);

        assertThatThrownBy(() -> bounce.init(FakeMailetConfig.builder().mailetName("bounce")
                .setProperty("dnsblTreshold", "1").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("GuardedBounce").hasMessageContaining("'dnsblTreshold'").hasMessageContaining("did you mean 'dnsblThreshold'?");
        assertThatThrownBy(() -> new GuardedDSNBounce(null, dnsbl, suppression, null).init(FakeMailetConfig.builder().mailetName("dsn")
                .setProperty("atachment", "none").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("GuardedDSNBounce").hasMessageContaining("did you mean 'attachment'?");
    }

    @Test
    void theWrappedMailetsOwnParametersAndJamessAreAccepted() {
        assertThatCode(() -> new GuardedBounce(null, dnsbl, suppression, null).init(FakeMailetConfig.builder().mailetName("bounce")
                .setProperty("dnsblThreshold", "1").setProperty("attachment", "none").setProperty("passThrough", "false")
                .setProperty("onMailetException", "ignore").build()))
            .doesNotThrowAnyException();
    }
}
