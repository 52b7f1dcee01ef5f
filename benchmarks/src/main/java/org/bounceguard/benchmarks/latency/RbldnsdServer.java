package org.bounceguard.benchmarks.latency;

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
 * Debian's rbldnsd serving {@code ip4set} zones on a free loopback port. rbldnsd drops root to
 * user {@code rbldns} before reading its data, hence world-readable files in a world-readable
 * directory.
 */
public final class RbldnsdServer implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/rbldnsd";

    private final Path dataDir;
    private final Process process;
    private final int port;

    /** {@code zones}: zone name → ip4set lines (addresses or CIDRs, optionally {@code :127.0.0.N}). */
    public RbldnsdServer(Map<String, List<String>> zones) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install rbldnsd");
        }
        dataDir = Files.createTempDirectory("bench-rbldnsd");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        port = freeUdpPort();
        List<String> command = new ArrayList<>(List.of(BINARY, "-n", "-e", "-b", "127.0.0.1/" + port, "-w", dataDir.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "rbldns"));
        }
        for (Map.Entry<String, List<String>> zone : zones.entrySet()) {
            Path file = dataDir.resolve(zone.getKey() + ".ip4set");
            Files.write(file, zone.getValue(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            command.add(zone.getKey() + ":ip4set:" + file.getFileName());
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("rbldnsd.log").toFile()).start();
        awaitAnswering(zones.keySet().iterator().next());
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private void awaitAnswering(String zone) throws IOException, InterruptedException {
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(zone, Name.root), Type.SOA, DClass.IN));
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
        throw new IllegalStateException("rbldnsd did not answer: " + Files.readString(dataDir.resolve("rbldnsd.log")));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
