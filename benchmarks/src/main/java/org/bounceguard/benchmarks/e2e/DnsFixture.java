package org.bounceguard.benchmarks.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bounceguard.benchmarks.latency.DelayingDnsProxy;
import org.bounceguard.testsupport.Rbldnsd;

/**
 * The DNS side of the end-to-end run: a real rbldnsd serving the zones of the sample
 * {@code conf/mailetcontainer.xml} under their real names, behind the delaying proxy on
 * {@code listen} (port 53: James's DNSJavaService asks only port 53). One client in twenty of
 * {@link SourceAddressRelay} is listed in zen.spamhaus.org (score 3: the spam processor).
 * Every other name (SPF, MX) gets rbldnsd's REFUSED, after the same delay.
 *
 * <p>Arguments: {@code listenHost:port delayMs clients}. Runs until killed.
 */
public final class DnsFixture {
    static final List<String> ZONES = Rbldnsd.SAMPLE_ZONES;

    private DnsFixture() {
    }

    public static boolean listed(int client) {
        return client % 20 == 7;
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress listen = new InetSocketAddress(args[0].substring(0, args[0].lastIndexOf(':')),
            Integer.parseInt(args[0].substring(args[0].lastIndexOf(':') + 1)));
        Duration delay = Duration.ofMillis(Long.parseLong(args[1]));
        int clients = Integer.parseInt(args[2]);
        Map<String, List<String>> zones = new LinkedHashMap<>();
        for (String zone : ZONES) {
            // RFC 5782 test point: Bounceguard's health check expects 127.0.0.2 listed, 127.0.0.1 not
            zones.put(zone, new ArrayList<>(List.of(":127.0.0.2:Listed by the Bounceguard end-to-end benchmark", "127.0.0.2")));
        }
        for (int client = 0; client < clients; client++) {
            if (listed(client)) {
                InetAddress address = SourceAddressRelay.clientAddress(client);
                zones.get("zen.spamhaus.org").add(address.getHostAddress());
            }
        }
        Rbldnsd rbldnsd = Rbldnsd.ip4setZones(zones).started();
        DelayingDnsProxy proxy = new DelayingDnsProxy(listen, rbldnsd.address(), delay);
        // killed by the script (SIGTERM): rbldnsd is a child process and must not outlive us
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("DNS answers relayed: " + proxy.relayedAnswers());
            try {
                proxy.close();
                rbldnsd.close();
            } catch (Exception e) {
                System.err.println("DNS fixture shutdown: " + e);
            }
        }));
        // a benchmark script that dies must not leave port 53 taken for the next run
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        System.out.println("ready: rbldnsd " + rbldnsd.address() + " behind " + proxy.listenAddress() + " +" + delay.toMillis() + " ms");
        Thread.currentThread().join();
    }
}
