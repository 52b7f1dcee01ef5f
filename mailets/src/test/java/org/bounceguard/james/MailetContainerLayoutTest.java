package org.bounceguard.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;

import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.bounceguard.dnsbl.ZoneKeys;
import org.junit.jupiter.api.Test;

class MailetContainerLayoutTest {
    @Test
    void theSampleDeclaresItsProcessorsAndTheZonesItsDnsblCheckLooksUpByDisplayName() throws Exception {
        MailetContainerLayout layout;
        try (InputStream in = new FileInputStream("../conf/mailetcontainer.xml")) {
            layout = MailetContainerLayout.of(FileConfigurationProvider.getConfig(in), ZoneKeys.NONE);
        }
        assertThat(layout.processors()).contains("root", "transport", "error", "rrt-error", "spam", "backscatter");
        assertThat(layout.dnsblCheckZones())
            .containsExactlyInAnyOrder("zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org", "list.dnswl.org", "ips.backscatterer.org");
    }

    @Test
    void aKeyCarryingZoneIsKnownByItsNameOnly() throws Exception {
        String xml = "<mailetcontainer><processors><processor state=\"root\">"
            + "<mailet match=\"All\" class=\"org.bounceguard.mailets.DnsblCheck\"><zones>{dqs}.zen.dq.spamhaus.net=127.0.0.[2..11]*3:name=zen</zones></mailet>"
            + "<mailet match=\"All\" class=\"org.bounceguard.mailets.DnsblCheck\"><zones>broken=*x</zones></mailet>"
            + "</processor></processors></mailetcontainer>";
        MailetContainerLayout layout = MailetContainerLayout.of(FileConfigurationProvider.getConfig(
            new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))), ZoneKeys.parse("dqs:SECRETKEY"));
        assertThat(layout.dnsblCheckZones()).containsExactly("zen");
        assertThat(layout.processors()).containsExactly("root");
    }
}
