package org.bounceguard.dnsbl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * One DNS server over UDP: a single channel, connected to the server, shared by every query to
 * it, and one reader thread that matches answers to outstanding queries by DNS id.
 *
 * <p>Why connected: the kernel then drops datagrams from any other address or port (the source
 * check is done before we see them), and an ICMP port unreachable (the server process is gone)
 * comes back as a {@link PortUnreachableException} on the next read or write, so a dead server
 * fails fast instead of timing out. An unconnected channel gets neither on Linux.
 *
 * <p>Security trade-off: the source port is fixed for the channel's life (dnsjava draws a new
 * random one per query), so an off-path spoofer only has to guess the 16-bit DNS id. We draw it
 * per query from a {@link SecureRandom} (an id a spoofer could predict would leave only the
 * question to forge; a microsecond per query is cheap) and accept an answer only if
 * it also comes from the server's address and port (kernel, connected socket), is a response,
 * and repeats the query's question; anything else is dropped and the query keeps waiting. This
 * is meant for DNSBL look-ups against a nearby resolver, not for validating answers from the
 * open internet.
 */
final class UdpServerChannel implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(UdpServerChannel.class);
    private static final SecureRandom IDS = new SecureRandom();
    static final String READER_THREAD_NAME = "bounceguard-dns-udp";

    /** Told exactly once per query: an answer or a failure. */
    interface Listener {
        void answered(Message answer);

        void failed(IOException failure);
    }

    private final InetSocketAddress server;
    private final DatagramChannel channel;
    private final ScheduledExecutorService timeouts;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    UdpServerChannel(InetSocketAddress server, ScheduledExecutorService timeouts) throws IOException {
        this.server = server;
        this.timeouts = timeouts;
        this.channel = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
            ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        // every query to this server shares the socket: room for bursts of answers (capped by net.core.rmem_max)
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.connect(server); // binds an ephemeral port on the interface that routes to the server
        this.reader = new Thread(this::readAnswers, READER_THREAD_NAME);
        reader.setDaemon(true);
        reader.start();
    }

    InetSocketAddress server() {
        return server;
    }

    /** Sends {@code wire} (a query, whose id is replaced) and tells {@code listener} what came of it. */
    void send(byte[] wire, Record question, long timeoutNanos, Listener listener) {
        if (closed) {
            listener.failed(new IOException("DNS resolver for " + server + " is closed"));
            return;
        }
        Pending query = register(question, listener);
        try {
            query.timeout = timeouts.schedule(() -> expire(query), timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // closed while we registered
            finish(query, new IOException("DNS resolver for " + server + " is closed"));
            return;
        }
        byte[] datagram = Arrays.copyOf(wire, wire.length);
        datagram[0] = (byte) (query.id >>> 8);
        datagram[1] = (byte) query.id;
        try {
            write(datagram, query);
        } catch (IOException e) {
            finish(query, e);
        }
    }

    /** A random id not in use; on a collision, another one. */
    private Pending register(Record question, Listener listener) {
        while (true) {
            Pending query = new Pending(IDS.nextInt(0x10000), question, listener);
            if (pending.putIfAbsent(query.id, query) == null) {
                return query;
            }
        }
    }

    private void write(byte[] datagram, Pending query) throws IOException {
        try {
            channel.write(ByteBuffer.wrap(datagram));
        } catch (PortUnreachableException e) {
            // the error belongs to an earlier datagram: the server is gone for those queries; try ours once more
            failAll(unreachable(), query);
            channel.write(ByteBuffer.wrap(datagram));
        }
    }

    private void readAnswers() {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        while (!closed) {
            buffer.clear();
            try {
                channel.read(buffer);
            } catch (PortUnreachableException e) {
                // which query the ICMP answered is unknown; all of them went to the same dead port
                failAll(unreachable(), null);
                continue;
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                LOGGER.warn("Reading DNS answers from {} failed; queries in flight fail", server, e);
                failAll(e, null);
                pauseAfterFailure(); // an error that persists must not spin this thread
                continue;
            }
            buffer.flip();
            accept(buffer);
        }
        failAll(new IOException("DNS resolver for " + server + " is closed"), null);
    }

    private static void pauseAfterFailure() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(ByteBuffer datagram) {
        if (datagram.remaining() < 12) {
            return;
        }
        int id = ((datagram.get(0) & 0xFF) << 8) | (datagram.get(1) & 0xFF);
        Pending query = pending.get(id);
        if (query == null) {
            return; // late (after its timeout), duplicate or spoofed
        }
        Message answer;
        try {
            answer = new Message(Arrays.copyOf(datagram.array(), datagram.limit()));
        } catch (IOException e) {
            return; // unparseable: not our answer as far as we can tell; the query keeps waiting
        }
        if (answer.getHeader().getFlag(Flags.QR) && sameQuestion(query.question, answer.getQuestion()) && pending.remove(id, query)) {
            query.cancelTimeout();
            query.listener.answered(answer);
        }
    }

    private static boolean sameQuestion(Record asked, Record echoed) {
        return echoed != null && asked.getType() == echoed.getType() && asked.getDClass() == echoed.getDClass()
            && asked.getName().equals(echoed.getName());
    }

    private void expire(Pending query) {
        finish(query, new SocketTimeoutException("DNS query to " + server + " timed out"));
    }

    private void finish(Pending query, IOException failure) {
        if (pending.remove(query.id, query)) {
            query.cancelTimeout();
            query.listener.failed(failure);
        }
    }

    private void failAll(IOException failure, Pending except) {
        for (Pending query : pending.values()) {
            if (query != except) {
                finish(query, failure);
            }
        }
    }

    private PortUnreachableException unreachable() {
        return new PortUnreachableException("ICMP port unreachable from DNS server " + server);
    }

    boolean isReading() {
        return reader.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close(); // wakes the reader, which fails what is still in flight
        } catch (IOException e) {
            LOGGER.debug("Closing the DNS channel to {} failed", server, e);
        }
    }

    /** A query waiting for its answer. */
    private static final class Pending {
        final int id;
        final Record question;
        final Listener listener;
        volatile ScheduledFuture<?> timeout;

        Pending(int id, Record question, Listener listener) {
            this.id = id;
            this.question = question;
            this.listener = listener;
        }

        void cancelTimeout() {
            ScheduledFuture<?> task = timeout;
            if (task != null) {
                task.cancel(false);
            }
        }
    }
}
