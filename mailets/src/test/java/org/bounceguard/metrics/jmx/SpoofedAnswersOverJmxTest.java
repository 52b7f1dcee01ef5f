package org.bounceguard.metrics.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.services.DnsblService;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

class SpoofedAnswersOverJmxTest {
    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();

    @Test
    void forgedAnswersAreCountedPerServer() throws Exception {
        try (DatagramChannel dns = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Thread server = new Thread(() -> answerEachQueryAfterAForgery(dns), "fake-dns");
            server.setDaemon(true);
            server.start();
            InetSocketAddress address = (InetSocketAddress) dns.getLocalAddress();
            DnsblService service = DnsblService.forTesting(DnsblEngine.builder().healthProbeInterval(Duration.ZERO)
                .servers(List.of(address)).fetchTxt(false).build());
            try {
                DnsblQuery client = new DnsblQuery(Optional.of(InetAddress.getByName("192.0.2.1")), Optional.empty(), Optional.empty(), false);
                assertThat(service.engine().check(DnsblRequest.of(client, ZoneSpec.parseList("a.test"))).get(10, TimeUnit.SECONDS).errors()).isEmpty();

                TabularData spoofed = (TabularData) platform.getAttribute(new ObjectName("org.bounceguard:type=DnsblEngine"), "SpoofedAnswers");

                CompositeData row = spoofed.get(new Object[] {"127.0.0.1:" + address.getPort()});
                assertThat(row).isNotNull();
                assertThat(row.get("value")).isEqualTo(1L);
            } finally {
                service.close();
            }
        }
    }

    /** Answers NXDOMAIN, each real answer preceded by one with a wrong id. */
    private static void answerEachQueryAfterAForgery(DatagramChannel dns) {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        try {
            while (dns.isOpen()) {
                buffer.clear();
                SocketAddress from = dns.receive(buffer);
                Message query = new Message(Arrays.copyOf(buffer.array(), buffer.position()));
                Message answer = new Message(query.getHeader().getID());
                answer.getHeader().setFlag(Flags.QR);
                answer.getHeader().setRcode(Rcode.NXDOMAIN);
                answer.addRecord(query.getQuestion(), Section.QUESTION);
                answer.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
                dns.send(ByteBuffer.wrap(answer.toWire()), from);
                answer.getHeader().setID(query.getHeader().getID());
                dns.send(ByteBuffer.wrap(answer.toWire()), from);
            }
        } catch (java.io.IOException e) {
            // closed
        }
    }
}
