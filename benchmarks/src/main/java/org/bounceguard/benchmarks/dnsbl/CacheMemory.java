package org.bounceguard.benchmarks.dnsbl;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.testsupport.StubResolver;

/**
 * Heap used by N cached answers (N distinct IPv4 clients, one zone, all "not listed"): used heap
 * after a full GC with the engine filled, minus the same with the engine empty. Prints
 * {@code entries bytes bytesPerEntry}.
 */
public final class CacheMemory {
    private CacheMemory() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<ZoneSpec> zones = ZoneSpec.parseList("zen.spamhaus.org");
        DnsblEngine engine = DnsblEngine.builder().resolver(StubResolver.nothingListed(3600)).healthProbeInterval(Duration.ZERO)
            .cacheMaximumSize(entries + 1).build();
        engine.check(DnsblRequest.of(DnsblQuery.client(InetAddress.getByName("192.0.2.1")), zones)).join();
        long before = usedAfterGc();
        byte[] address = new byte[4];
        for (int i = 0; i < entries; i++) {
            int ip = 0x0B000000 + i;
            address[0] = (byte) (ip >>> 24);
            address[1] = (byte) (ip >>> 16);
            address[2] = (byte) (ip >>> 8);
            address[3] = (byte) ip;
            engine.check(DnsblRequest.of(DnsblQuery.client(InetAddress.getByAddress(address)), zones)).join();
        }
        long after = usedAfterGc();
        long cached = engine.stats().cacheSize();
        long bytes = after - before;
        System.out.printf("%d %d %.1f%n", cached, bytes, (double) bytes / cached);
        engine.close();
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
