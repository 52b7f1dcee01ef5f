package org.bounceguard.it.support;

import org.bounceguard.testsupport.Rbldnsd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A DNS server in front of rbldnsd that misbehaves on demand, as a resolver between James and
 * the lists does on a bad day: it forwards (the default), answers SERVFAIL, answers late, or
 * closes its port (unreachable: the client gets ICMP port unreachable).
 */
public final class FaultyDns implements BeforeAllCallback, AfterAllCallback {
    public enum Mode { FORWARD, SERVFAIL, SLOW, UNREACHABLE }

    private final Rbldnsd upstream;
    private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor();
    private volatile Mode mode = Mode.FORWARD;
    private volatile Duration delay = Duration.ZERO;
    private volatile DatagramChannel channel;
    private volatile Thread server;
    private int port;

    public FaultyDns(Rbldnsd upstream) {
        this.upstream = upstream;
    }

    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** Switches behaviour for the queries that arrive from now on. */
    public synchronized void mode(Mode newMode, Duration newDelay) throws IOException {
        delay = newDelay;
        if (newMode == Mode.UNREACHABLE && mode != Mode.UNREACHABLE) {
            stop();
        } else if (newMode != Mode.UNREACHABLE && mode == Mode.UNREACHABLE) {
            start(port);
        }
        mode = newMode;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        delayer.shutdownNow();
    }

    private void start(int wantedPort) throws IOException {
        DatagramChannel listening = DatagramChannel.open();
        listening.bind(new InetSocketAddress("127.0.0.1", wantedPort));
        port = ((InetSocketAddress) listening.getLocalAddress()).getPort();
        channel = listening;
        server = new Thread(() -> serve(listening), "faulty-dns");
        server.setDaemon(true);
        server.start();
    }

    private void stop() throws IOException {
        DatagramChannel open = channel;
        channel = null;
        if (open != null) {
            open.close();
        }
    }

    private void serve(DatagramChannel listening) {
        try (DatagramChannel toUpstream = DatagramChannel.open()) {
            toUpstream.connect(upstream.address());
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (listening.isOpen()) {
                buffer.clear();
                SocketAddress client = listening.receive(buffer);
                buffer.flip();
                byte[] query = new byte[buffer.remaining()];
                buffer.get(query);
                handle(listening, toUpstream, client, query);
            }
        } catch (IOException closed) {
            // the port was closed on purpose (UNREACHABLE or the end of the test class)
        }
    }

    private void handle(DatagramChannel listening, DatagramChannel toUpstream, SocketAddress client, byte[] query) throws IOException {
        if (query.length < 12) {
            return;
        }
        if (mode == Mode.SERVFAIL) {
            byte[] answer = query.clone();
            answer[2] = (byte) (0x80 | (query[2] & 0x79)); // QR=1, opcode and RD kept
            answer[3] = (byte) 0x82;                        // RA=1, RCODE=2 SERVFAIL
            listening.send(ByteBuffer.wrap(answer), client);
            return;
        }
        // one outstanding query at a time upstream keeps the relay simple; rbldnsd answers in microseconds
        toUpstream.write(ByteBuffer.wrap(query));
        ByteBuffer answer = ByteBuffer.allocate(4096);
        toUpstream.read(answer);
        answer.flip();
        if (mode == Mode.SLOW) {
            delayer.schedule(() -> {
                try {
                    listening.send(answer, client);
                } catch (IOException ignored) {
                    // too late anyway
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            listening.send(answer, client);
        }
    }
}
