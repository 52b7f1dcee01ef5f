package org.bounceguard.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real rbldnsd (Debian's package, as DNSBL operators run it) serving test zones on a random
 * loopback UDP port. Zone data is written to world-readable files because rbldnsd drops root
 * privileges to user {@code rbldns} before reading them.
 *
 * <p>A JUnit extension for the tests ({@code @RegisterExtension}); the benchmarks, outside JUnit,
 * call {@link #start()} and {@link #close()}.
 */
public final class Rbldnsd implements TestServer, AutoCloseable {
    private static final String BINARY = "/usr/sbin/rbldnsd";

    private final Map<String, List<String>> datasets = new LinkedHashMap<>();
    private Path dataDir;
    private Process process;
    private int port;

    /** The DNSBL zones conf/mailetcontainer.xml asks, in its order, each with the answer its listings get here. */
    private static final Map<String, String> SAMPLE_ZONE_ANSWERS = sampleZoneAnswers();

    /** The DNSBL zones conf/mailetcontainer.xml asks, in its order. */
    public static final List<String> SAMPLE_ZONES = List.copyOf(SAMPLE_ZONE_ANSWERS.keySet());

    private static Map<String, String> sampleZoneAnswers() {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("zen.spamhaus.org", ":127.0.0.2:Listed by test-zen");
        answers.put("bl.spamcop.net", ":127.0.0.2:Listed by test-spamcop");
        answers.put("b.barracudacentral.org", ":127.0.0.2:Listed by test-barracuda");
        answers.put("list.dnswl.org", ":127.0.10.2:Allowlisted by test-dnswl");
        answers.put("ips.backscatterer.org", ":127.0.0.2:Backscatter source (test)");
        return answers;
    }

    /**
     * The zones of the sample configuration ({@link #SAMPLE_ZONES}), each listing only its RFC 5782
     * test point 127.0.0.2 (what the health probes look up): no client of a test is listed. Tests
     * add their listings with {@link #listing} and other zones (MX, SPF, DKIM records) with
     * {@link #zone}.
     */
    public static Rbldnsd withSampleZonesListingNothing() {
        Rbldnsd rbldnsd = new Rbldnsd();
        SAMPLE_ZONE_ANSWERS.forEach((zone, answer) -> rbldnsd.listing(zone, answer, "127.0.0.2"));
        return rbldnsd;
    }

    /** {@code ip4set} zones: zone name to its lines (addresses or CIDRs, each optionally followed by {@code :A:TXT}). */
    public static Rbldnsd ip4setZones(Map<String, List<String>> zones) {
        Rbldnsd rbldnsd = new Rbldnsd();
        zones.forEach((zone, lines) -> rbldnsd.zone(zone, "ip4set", lines.toArray(String[]::new)));
        return rbldnsd;
    }

    /** Adds a dataset to a zone, or lines to one already added; {@code type} is an rbldnsd dataset type: ip4set, ip6trie, dnset, generic. */
    public Rbldnsd zone(String zone, String type, String... lines) {
        datasets.computeIfAbsent(zone + ":" + type, key -> new ArrayList<>()).addAll(List.of(lines));
        return this;
    }

    /**
     * Lists addresses or CIDRs in an {@code ip4set} zone, with the zone's default answer unless an
     * entry carries its own ({@code "127.5.0.1 :127.255.255.254:Query refused"}).
     */
    public Rbldnsd listing(String zone, String... entries) {
        return zone(zone, "ip4set", entries);
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** Starts it and returns it, for try-with-resources outside JUnit. */
    public Rbldnsd started() throws IOException, InterruptedException {
        start();
        return this;
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package rbldnsd (scripts/test does)");
        }
        if (dataDir == null) {
            dataDir = Files.createTempDirectory("rbldnsd");
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            writeZoneFiles();
            port = freeUdpPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY, "-n", "-e", "-b", "127.0.0.1/" + port, "-w", dataDir.toString()));
        if (isRoot()) {
            command.addAll(List.of("-u", "rbldns"));
        }
        datasets.keySet().forEach(dataset -> command.add(dataset + ":" + fileName(dataset)));
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("rbldnsd.log").toFile())
            .start();
        awaitAnswering();
    }

    /** Freezes the server (SIGSTOP): its port stays bound but nothing answers, as with a hung or overloaded DNS server. */
    public synchronized void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public synchronized void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + signal + " failed with " + exit);
        }
    }

    /** Kills the server outright (SIGKILL), as a crash or an OOM killer does; {@link #start()} brings it back. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private void writeZoneFiles() throws IOException {
        for (Map.Entry<String, List<String>> dataset : datasets.entrySet()) {
            Path file = dataDir.resolve(fileName(dataset.getKey()));
            Files.write(file, dataset.getValue(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static String fileName(String dataset) {
        return dataset.replace(':', '.') + ".zone";
    }

    /** Waits until rbldnsd answers at all (it loads its zones before it serves). */
    private void awaitAnswering() throws IOException, InterruptedException {
        String firstZone = datasets.keySet().iterator().next().split(":")[0];
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(firstZone, Name.root), Type.SOA, DClass.IN));
        Instant giveUp = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rbldnsd exited: " + Files.readString(dataDir.resolve("rbldnsd.log")));
            }
            try {
                resolver.send(query);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("rbldnsd did not answer on port " + port + ": " + Files.readString(dataDir.resolve("rbldnsd.log")));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
