package org.bounceguard.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.bounceguard.backscatter.EvidenceSources;
import org.bounceguard.backscatter.OwnRelays;
import org.bounceguard.backscatter.RelayEvidenceSource;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.metrics.Gauges;
import org.junit.jupiter.api.Test;

/** The services register their MBeans once and take them away when James stops them. */
class MBeanLifecycleTest {
    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();

    @Test
    void dnsblMBeansComeWithTheServiceAndGoWithIt() throws Exception {
        DnsblService service = DnsblService.forTesting(DnsblEngine.builder().healthProbeInterval(Duration.ZERO)
            .servers(java.util.List.of(new java.net.InetSocketAddress("127.0.0.1", 9))).build());
        service.watch(ZoneSpec.parseList("zen.spamhaus.org, bl.spamcop.net"));
        service.watch(ZoneSpec.parseList("zen.spamhaus.org"));

        assertThat(platform.isRegistered(new ObjectName("org.bounceguard:type=DnsblEngine"))).isTrue();
        assertThat(platform.queryNames(new ObjectName("org.bounceguard:type=DnsblZone,*"), null)).hasSize(2);

        service.close();

        assertThat(platform.isRegistered(new ObjectName("org.bounceguard:type=DnsblEngine"))).isFalse();
        assertThat(platform.queryNames(new ObjectName("org.bounceguard:type=DnsblZone,*"), null)).isEmpty();
    }

    @Test
    void backscatterMBeanGoesOnClose() throws Exception {
        BackscatterService service = new BackscatterService(new EvidenceSources(List.of(new RelayEvidenceSource(OwnRelays.parse("mx.example.org")))), Gauges.NONE);
        assertThat(platform.isRegistered(new ObjectName("org.bounceguard:type=Backscatter"))).isTrue();

        service.close();

        assertThat(platform.isRegistered(new ObjectName("org.bounceguard:type=Backscatter"))).isFalse();
    }

    @Test
    void rcptRefusalMBeanReadsTheSharedCountersAndGoesOnClose() throws Exception {
        RcptRefusalService service = new RcptRefusalService(Gauges.NONE);
        service.addZones(List.of("zen.spamhaus.org"));
        service.counters().recordRoleAccount();
        ObjectName name = new ObjectName("org.bounceguard:type=RcptRefusal");

        assertThat(platform.getAttribute(name, "AcceptedRoleAccount")).isEqualTo(1L);
        assertThat(platform.getAttribute(name, "Refused")).isEqualTo(0L);
        assertThat(platform.invoke(name, "refusedBy", new Object[] {"zen.spamhaus.org"}, new String[] {String.class.getName()}))
            .isEqualTo(0L);

        service.close();

        assertThat(platform.isRegistered(name)).isFalse();
    }
}
