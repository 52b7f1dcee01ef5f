package org.bounceguard.benchmarks.latency;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.builder.fluent.Configurations;
import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.transport.matchers.InSpammerBlacklist;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.dns.AnswerMismatches;
import org.bounceguard.dns.UdpTransportSettings;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.mailets.DnsblCheck;
import org.bounceguard.services.DnsblService;
import org.bounceguard.testsupport.Rbldnsd;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import com.codahale.metrics.MetricRegistry;

/**
 * Cold-cache DNSBL latency per mail, Bounceguard's {@link DnsblCheck} against a chain of James's
 * {@link InSpammerBlacklist} matchers, in one run against the same rbldnsd behind the same
 * {@link DelayingDnsProxy}. Every mail has a client address never seen before, so no cache helps
 * either side; a fixed share of the clients is listed.
 *
 * <p>Arguments: {@code mailsPerSide delayMs threads proxyHost:proxyPort bounceguardPropertiesFile}.
 * The proxy listens on port 53 because James's DNSJavaService takes server addresses without a
 * port (dnsjava's {@code ExtendedResolver(String[])} always asks port 53).
 *
 * <p>Prints a Markdown section (tables and target checks) on standard output. Diagnostics:
 * {@code -Dbench.debug=true} prints every mail slower than 500 ms with its verdict (how the one-second
 * stalls of dnsjava 3.5.2 were found), {@code -Dbench.direct=true} points Bounceguard at rbldnsd
 * itself, bypassing the proxy.
 */
public final class DnsblLatencyComparison {
    /** Four zones in the order both sides ask them; James's chain stops at the first listing. */
    static final List<String> ZONES = List.of("black.bench.test", "dialup.bench.test", "relays.bench.test", "spam.bench.test");
    static final String BOUNCEGUARD_ZONES = "black.bench.test*3, dialup.bench.test*1, relays.bench.test*2, spam.bench.test*2";
    private static final int WARM_UP_MAILS = 300;
    /** First octets of each side's client addresses: disjoint, neither private nor loopback. */
    private static final int[] BOUNCEGUARD_NET = {198, 18};
    private static final int[] JAMES_NET = {198, 19};
    /** Clients of the one-query floor: in no zone. */
    private static final int[] FLOOR_NET = {198, 20};
    /** Warm-up clients live at the top of each /16, away from the measured ones. */
    private static final int WARM_UP_OFFSET = 62_000;

    private DnsblLatencyComparison() {
    }

    /** Client {@code index}'s listing: one in ten in the first zone, one in twenty in the third. */
    static int listedZoneIndex(int index) {
        if (index % 10 == 3) {
            return 0;
        }
        if (index % 20 == 7) {
            return 2;
        }
        return -1;
    }

    static String address(int[] net, int index) {
        return net[0] + "." + net[1] + "." + (index >> 8) + "." + (index & 0xFF);
    }

    public static void main(String[] args) throws Exception {
        int mails = Integer.parseInt(args[0]);
        Duration delay = Duration.ofMillis(Long.parseLong(args[1]));
        int threads = Integer.parseInt(args[2]);
        InetSocketAddress proxyAddress = DelayingDnsProxy.hostAndPort(args[3]);
        Path bounceguardProperties = Path.of(args[4]);
        if (mails > WARM_UP_OFFSET) {
            throw new IllegalArgumentException("at most " + WARM_UP_OFFSET + " mails per side");
        }

        try (Rbldnsd rbldnsd = Rbldnsd.ip4setZones(zoneData(mails)).started();
             DelayingDnsProxy proxy = new DelayingDnsProxy(proxyAddress, rbldnsd.address(), delay)) {
            MailHandler bounceguard = bounceguardSide(Boolean.getBoolean("bench.direct") ? rbldnsd.address() : proxyAddress, bounceguardProperties);
            MailHandler james = jamesSide(proxyAddress);

            // JIT warm-up of both code paths on clients of their own (still one DNS round trip each)
            run(bounceguard, BOUNCEGUARD_NET, WARM_UP_OFFSET, WARM_UP_MAILS, threads);
            run(james, JAMES_NET, WARM_UP_OFFSET, WARM_UP_MAILS, threads);

            // the floor: one blocking A query per mail through the same proxy, from the same 20
            // threads - what a single delayed round trip costs on this machine at this load
            MailHandler floor = oneQuerySide(proxyAddress);
            run(floor, FLOOR_NET, WARM_UP_OFFSET, WARM_UP_MAILS, threads);
            Measurement floorResult = run(floor, FLOOR_NET, 0, mails, threads);

            long answersBefore = proxy.relayedAnswers();
            Measurement bounceguardResult = run(bounceguard, BOUNCEGUARD_NET, 0, mails, threads);
            long bounceguardAnswers = proxy.relayedAnswers() - answersBefore;
            answersBefore = proxy.relayedAnswers();
            Measurement jamesResult = run(james, JAMES_NET, 0, mails, threads);
            long jamesAnswers = proxy.relayedAnswers() - answersBefore;

            report(mails, delay, threads, floorResult, bounceguardResult, bounceguardAnswers, jamesResult, jamesAnswers);
            System.out.print(bounceguard.notes());
            bounceguard.close();
        }
    }

    /** Listed clients of both sides, plus the RFC 5782 test point 127.0.0.2 the health checks ask for. */
    private static Map<String, List<String>> zoneData(int mails) {
        Map<String, List<String>> zones = new LinkedHashMap<>();
        for (String zone : ZONES) {
            List<String> lines = new ArrayList<>(List.of(":127.0.0.2:Listed by the Bounceguard latency benchmark", "127.0.0.2"));
            zones.put(zone, lines);
        }
        for (int[] net : List.of(BOUNCEGUARD_NET, JAMES_NET)) {
            for (int base : new int[] {0, WARM_UP_OFFSET}) {
                int count = base == 0 ? mails : WARM_UP_MAILS;
                for (int i = 0; i < count; i++) {
                    int zone = listedZoneIndex(i);
                    if (zone >= 0) {
                        zones.get(ZONES.get(zone)).add(address(net, base + i));
                    }
                }
            }
        }
        return zones;
    }

    /** What one side does with one mail; returns whether the mail was found listed. */
    interface MailHandler extends AutoCloseable {
        boolean handle(Mail mail) throws Exception;

        /** What the side has to say about its run, as Markdown; empty by default. */
        default String notes() {
            return "";
        }

        @Override
        default void close() {
        }
    }

    /**
     * Bounceguard as James runs it: the engine DnsblService builds from bounceguard.properties
     * (with {@code dns.servers} pointed at the proxy), behind the DnsblCheck mailet.
     */
    private static MailHandler bounceguardSide(InetSocketAddress proxy, Path propertiesFile) throws Exception {
        System.setProperty("bounceguard.dns.servers", proxy.getHostString() + ":" + proxy.getPort());
        Configuration properties = new Configurations().properties(propertiesFile.toFile());
        BounceguardSettings settings = BounceguardSettings.of(Optional.of(properties));
        DnsblService service = new DnsblService(settings, new NoopGaugeRegistry());
        DnsblCheck check = new DnsblCheck(service);
        check.init(FakeMailetConfig.builder()
            .mailetName("DnsblCheck")
            .mailetContext(FakeMailContext.defaultContext())
            .setProperty("zones", BOUNCEGUARD_ZONES)
            .build());
        Thread.sleep(500); // let the start-up health probes of the four zones finish
        return new MailHandler() {
            @Override
            public boolean handle(Mail mail) {
                check.service(mail);
                return DnsblFinding.score(mail).orElse(0) > 0;
            }

            @Override
            public String notes() {
                UdpTransportSettings transport = settings.dns().udpTransport();
                StringBuilder notes = new StringBuilder(String.format(Locale.ROOT,
                    "%nBounceguard's UDP transport: %d sockets per server, each replaced after %d queries or %s, 0x20 names %s.",
                    transport.channels(), transport.rotateAfterQueries(), transport.rotateEvery(), transport.mixedCaseNames() ? "on" : "off"));
                for (AnswerMismatches server : service.engine().answerMismatches()) {
                    notes.append(String.format(Locale.ROOT, " Datagrams from %s dropped over the whole run: %d as forged, %d late.",
                        server.server(), server.spoofed(), server.late()));
                }
                return notes.append(System.lineSeparator()).toString();
            }

            @Override
            public void close() {
                service.close();
            }
        };
    }

    /**
     * James as it ships: DNSJavaService (its own dnsjava cache and resolver, Dropwizard metrics)
     * asking the proxy, and one InSpammerBlacklist matcher per zone, walked in order the way the
     * spooler walks a processor: the first match sends the mail elsewhere (ToProcessor), so later
     * matchers are not asked.
     */
    private static MailHandler jamesSide(InetSocketAddress proxy) throws Exception {
        if (proxy.getPort() != 53) {
            throw new IllegalArgumentException("DNSJavaService only asks port 53; the proxy must listen there, not on " + proxy);
        }
        DNSJavaService dns = new DNSJavaService(new DropWizardMetricFactory(new MetricRegistry()));
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("autodiscover", false);
        configuration.addProperty("setAsDNSJavaDefault", false);
        configuration.addProperty("servers.server", proxy.getHostString());
        dns.configure(configuration);
        dns.init();
        List<InSpammerBlacklist> chain = new ArrayList<>();
        for (String zone : ZONES) {
            InSpammerBlacklist matcher = new InSpammerBlacklist();
            matcher.setDNSService(dns);
            matcher.init(FakeMatcherConfig.builder()
                .matcherName("InSpammerBlacklist")
                .mailetContext(FakeMailContext.defaultContext())
                .condition(zone + ".")
                .build());
            chain.add(matcher);
        }
        return mail -> {
            for (InSpammerBlacklist matcher : chain) {
                Collection<MailAddress> matched = matcher.match(mail);
                if (matched != null && !matched.isEmpty()) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * One A query per mail for the client in the first zone over a plain JDK DatagramSocket (not
     * dnsjava's NIO client, whose stalls are part of what is measured above); "listed" never.
     */
    private static MailHandler oneQuerySide(InetSocketAddress proxy) {
        return mail -> {
            String[] octets = mail.getRemoteAddr().split("\\.");
            String name = octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + "." + ZONES.get(0) + ".";
            byte[] query = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name), Type.A, DClass.IN)).toWire();
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(2000);
                socket.send(new DatagramPacket(query, query.length, proxy));
                socket.receive(new DatagramPacket(new byte[512], 512));
            }
            return false;
        };
    }

    record Measurement(long[] latencyNanos, long wallNanos, int listed, int mismatches) {
        double mailsPerSecond() {
            return latencyNanos.length * 1e9 / wallNanos;
        }

        double percentileMillis(double percentile) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(latencyNanos).average().orElse(0) / 1e6;
        }
    }

    /** {@code threads} spooler-like threads take the next mail until {@code count} have been handled. */
    private static Measurement run(MailHandler handler, int[] net, int firstIndex, int count, int threads) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger listed = new AtomicInteger();
        AtomicInteger mismatches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    Mail mail = FakeMail.builder()
                        .name("mail-" + (firstIndex + i))
                        .sender("sender@example.org")
                        .recipient("alice@bounceguard.test")
                        .remoteAddr(address(net, firstIndex + i))
                        .build();
                    long begin = System.nanoTime();
                    boolean found = handler.handle(mail);
                    latencies[i] = System.nanoTime() - begin;
                    if (Boolean.getBoolean("bench.debug") && latencies[i] > 500_000_000L) {
                        System.err.println("slow mail " + i + " " + address(net, firstIndex + i) + " " + latencies[i] / 1_000_000 + " ms " + mail.getAttribute(DnsblFinding.SUMMARY));
                    }
                    if (found) {
                        listed.incrementAndGet();
                    }
                    // a wrong verdict would make the timing meaningless (e.g. every look-up timing out)
                    if (net != FLOOR_NET && found != (listedZoneIndex(i) >= 0)) {
                        mismatches.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            // non-daemon workers would otherwise keep a failed run's JVM alive
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        return new Measurement(latencies, wall, listed.get(), mismatches.get());
    }

    private static void report(int mails, Duration delay, int threads, Measurement floor, Measurement bounceguard, long bounceguardAnswers,
                               Measurement james, long jamesAnswers) {
        double delayMs = delay.toMillis();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d mails per side, %d spooler-like threads, %.0f ms added to every DNS answer; "
            + "%d listed clients per side (expected %d).%n%n", mails, threads, delayMs, bounceguard.listed(), expectedListed(mails)));
        out.append("| side | p50 ms | p99 ms | mean ms | mails/s | DNS answers per mail | wrong verdicts |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        row(out, "floor: one A query per mail (JDK DatagramSocket)", floor, floor.latencyNanos().length);
        row(out, "Bounceguard DnsblCheck (4 zones in parallel)", bounceguard, bounceguardAnswers);
        row(out, "James 4 × InSpammerBlacklist (in sequence)", james, jamesAnswers);
        out.append(String.format(Locale.ROOT, "| **ratio James / Bounceguard** | %.2f | %.2f | %.2f | %.2f (Bounceguard / James) | | |%n%n",
            james.percentileMillis(50) / bounceguard.percentileMillis(50),
            james.percentileMillis(99) / bounceguard.percentileMillis(99),
            james.meanMillis() / bounceguard.meanMillis(),
            bounceguard.mailsPerSecond() / james.mailsPerSecond()));
        double limit = 1.15 * delayMs;
        double p50 = bounceguard.percentileMillis(50);
        out.append(String.format(Locale.ROOT, "Target: Bounceguard p50 ≤ 1.15 × %.0f ms = %.1f ms: measured %.2f ms, **%s**.%n",
            delayMs, limit, p50, p50 <= limit ? "met" : "MISSED"));
        out.append(String.format(Locale.ROOT, "Against the floor measured in the same run (one delayed round trip, p50 %.2f ms): %.2f ×.%n",
            floor.percentileMillis(50), p50 / floor.percentileMillis(50)));
        if (bounceguard.mismatches() + james.mismatches() > 0) {
            out.append("\n**Warning**: some verdicts differ from the zone data (timeouts?); the latencies above include them.\n");
        }
        System.out.print(out);
    }

    private static void row(StringBuilder out, String side, Measurement measurement, long answers) {
        out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.0f | %.2f | %d |%n", side,
            measurement.percentileMillis(50), measurement.percentileMillis(99), measurement.meanMillis(),
            measurement.mailsPerSecond(), (double) answers / measurement.latencyNanos().length, measurement.mismatches()));
    }

    private static int expectedListed(int mails) {
        int listed = 0;
        for (int i = 0; i < mails; i++) {
            listed += listedZoneIndex(i) >= 0 ? 1 : 0;
        }
        return listed;
    }
}
