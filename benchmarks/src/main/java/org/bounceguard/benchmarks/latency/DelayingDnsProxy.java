package org.bounceguard.benchmarks.latency;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A UDP relay in front of a DNS server that holds every answer back for a fixed delay, standing
 * in for the round trip to a remote DNSBL (no {@code tc netem} on the benchmark machines).
 *
 * <p>Clients talk to {@link #listenAddress()}; queries go upstream at once with a message ID of
 * the proxy's own (many clients may pick the same ID), answers come back, get the client's ID
 * again and leave after the delay. One thread reads queries, one reads answers, one scheduler
 * thread sends delayed answers: the relay adds well under a millisecond of its own.
 */
public final class DelayingDnsProxy implements AutoCloseable {
    private static final int MAX_DNS_UDP = 65_535;
    private static final int IDS = 1 << 16;

    private final DatagramChannel clientSide;
    private final DatagramChannel upstreamSide;
    private final long delayNanos;
    private final ScheduledExecutorService delayedSends;
    /** Proxy message ID → who asked and with which ID; slots are reused after 65,536 queries. */
    private final AtomicReferenceArray<PendingQuery> pending = new AtomicReferenceArray<>(IDS);
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong relayedAnswers = new AtomicLong();
    private final Thread queryReader;
    private final Thread answerReader;
    private volatile boolean running = true;

    private record PendingQuery(SocketAddress client, short clientId) {
    }

    public DelayingDnsProxy(InetSocketAddress listen, InetSocketAddress upstream, Duration delay) throws IOException {
        this.delayNanos = delay.toNanos();
        this.clientSide = DatagramChannel.open().bind(listen);
        this.upstreamSide = DatagramChannel.open().bind(new InetSocketAddress(upstream.getAddress(), 0)).connect(upstream);
        this.delayedSends = Executors.newSingleThreadScheduledExecutor(daemon("dns-proxy-delayed-send"));
        this.queryReader = daemon("dns-proxy-queries").newThread(this::relayQueries);
        this.answerReader = daemon("dns-proxy-answers").newThread(this::relayAnswers);
        queryReader.start();
        answerReader.start();
    }

    public InetSocketAddress listenAddress() throws IOException {
        return (InetSocketAddress) clientSide.getLocalAddress();
    }

    public long relayedAnswers() {
        return relayedAnswers.get();
    }

    private void relayQueries() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DNS_UDP);
        while (running) {
            try {
                buffer.clear();
                SocketAddress client = clientSide.receive(buffer);
                buffer.flip();
                if (buffer.remaining() < 12) {
                    continue; // not a DNS message
                }
                int proxyId = nextId.getAndIncrement() & (IDS - 1);
                pending.set(proxyId, new PendingQuery(client, buffer.getShort(0)));
                buffer.putShort(0, (short) proxyId);
                upstreamSide.write(buffer);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                if (running) {
                    System.err.println("dns proxy: query not relayed: " + e);
                }
            }
        }
    }

    private void relayAnswers() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DNS_UDP);
        while (running) {
            try {
                buffer.clear();
                upstreamSide.receive(buffer);
                buffer.flip();
                if (buffer.remaining() < 12) {
                    continue;
                }
                int proxyId = buffer.getShort(0) & 0xFFFF;
                PendingQuery query = pending.getAndSet(proxyId, null);
                if (query == null) {
                    continue; // a late duplicate
                }
                ByteBuffer answer = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
                answer.putShort(0, query.clientId());
                delayedSends.schedule(() -> send(answer, query.client()), delayNanos, TimeUnit.NANOSECONDS);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                if (running) {
                    System.err.println("dns proxy: answer not relayed: " + e);
                }
            }
        }
    }

    private void send(ByteBuffer answer, SocketAddress client) {
        try {
            clientSide.send(answer, client);
            relayedAnswers.incrementAndGet();
        } catch (IOException e) {
            if (running) {
                System.err.println("dns proxy: answer not sent to " + client + ": " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        delayedSends.shutdownNow();
        clientSide.close();
        upstreamSide.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code DelayingDnsProxy LISTEN_HOST:PORT UPSTREAM_HOST:PORT DELAY_MS}: runs until killed. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DelayingDnsProxy listen-host:port upstream-host:port delay-ms");
            System.exit(2);
        }
        try (DelayingDnsProxy proxy = new DelayingDnsProxy(hostAndPort(args[0]), hostAndPort(args[1]), Duration.ofMillis(Long.parseLong(args[2])))) {
            System.out.println("delaying DNS proxy on " + proxy.listenAddress() + " -> " + args[1] + ", +" + args[2] + " ms per answer");
            Thread.currentThread().join();
        }
    }

    static InetSocketAddress hostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
