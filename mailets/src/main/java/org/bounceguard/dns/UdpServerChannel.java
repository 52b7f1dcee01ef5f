package org.bounceguard.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

import com.google.common.base.Ticker;

/**
 * One DNS server over UDP: a pool of {@link QueryPort}s, each a socket on its own random ephemeral
 * port shared by many queries, so that a spoofer must guess the port as well as the 16-bit id
 * (RFC 5452 section 9.2) while a query still costs no socket set-up of its own.
 *
 * <p>Each query goes out of a port of the pool picked at random. A port is replaced by a fresh one
 * after {@link UdpTransportSettings#rotateAfterQueries} queries, and before a query would leave from
 * a port older than {@link UdpTransportSettings#rotateEvery}; the old port keeps reading until its
 * outstanding queries are answered or time out, so rotation loses no answer.
 *
 * <p>Every datagram that answers nothing we asked is counted here, for all ports of the server:
 * {@link #mismatches()}.
 */
final class UdpServerChannel implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(UdpServerChannel.class);

    /** Told exactly once per query: an answer or a failure. */
    interface Listener {
        void answered(Message answer);

        void failed(IOException failure);
    }

    /** Datagrams that answered nothing, by reason; see {@link AnswerMismatches}. */
    static final class Counters {
        final LongAdder wrongSource = new LongAdder();
        final LongAdder unknownId = new LongAdder();
        final LongAdder wrongQuestion = new LongAdder();
        final LongAdder wrongCase = new LongAdder();
        final LongAdder late = new LongAdder();
    }

    private final InetSocketAddress server;
    private final UdpTransportSettings settings;
    private final ScheduledExecutorService timeouts;
    private final Ticker ticker;
    private final long maxAgeNanos;
    private final AtomicReferenceArray<QueryPort> pool;
    /** The pool and the retired ports still waiting for answers. */
    private final Set<QueryPort> open = ConcurrentHashMap.newKeySet();
    private final Counters counters = new Counters();
    private volatile boolean closed;

    UdpServerChannel(InetSocketAddress server, UdpTransportSettings settings, ScheduledExecutorService timeouts, Ticker ticker) throws IOException {
        this.server = server;
        this.settings = settings;
        this.timeouts = timeouts;
        this.ticker = ticker;
        this.maxAgeNanos = settings.rotateEvery().toNanos();
        this.pool = new AtomicReferenceArray<>(settings.channels());
        try {
            for (int slot = 0; slot < settings.channels(); slot++) {
                pool.set(slot, openPort());
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    InetSocketAddress server() {
        return server;
    }

    /**
     * Sends {@code wire} (a query, whose id is replaced) and tells {@code listener} what came of it.
     * {@code questionLength} is the length of its question section ({@link QueryPort#questionLength}).
     */
    void send(byte[] wire, int questionLength, long timeoutNanos, Listener listener) {
        while (!closed) {
            int slot = ThreadLocalRandom.current().nextInt(pool.length());
            QueryPort port = pool.get(slot);
            try {
                if (port.due(ticker.read(), maxAgeNanos)) {
                    port = rotate(slot, port);
                }
            } catch (IOException e) {
                listener.failed(e);
                return;
            }
            QueryPort.Sent sent = port.send(wire, questionLength, timeoutNanos, listener);
            if (sent == QueryPort.Sent.SENT_LAST) {
                replaceQuietly(slot, port); // the query is out; if no new port opens, the next query tries again
            }
            if (sent != QueryPort.Sent.REFUSED) {
                return;
            }
            try {
                rotate(slot, port); // full or retired meanwhile: replace it, then ask again
            } catch (IOException e) {
                listener.failed(e);
                return;
            }
        }
        listener.failed(new IOException("DNS resolver for " + server + " is closed"));
    }

    private void replaceQuietly(int slot, QueryPort port) {
        try {
            rotate(slot, port);
        } catch (IOException e) {
            LOGGER.warn("Cannot open a new UDP port for DNS server {}; the next query tries again", server, e);
        }
    }

    /** Puts a fresh port in {@code slot} unless another thread already replaced {@code stale} there. */
    private synchronized QueryPort rotate(int slot, QueryPort stale) throws IOException {
        QueryPort current = pool.get(slot);
        if (current != stale && !current.due(ticker.read(), maxAgeNanos)) {
            return current;
        }
        if (closed) {
            throw new IOException("DNS resolver for " + server + " is closed");
        }
        QueryPort fresh = openPort();
        pool.set(slot, fresh);
        current.retire();
        return fresh;
    }

    private QueryPort openPort() throws IOException {
        QueryPort port = QueryPort.open(server, timeouts, counters, open::remove, settings.rotateAfterQueries(), ticker.read(),
            settings.mixedCaseNames());
        open.add(port);
        if (!port.isReading()) { // its reader stopped before the port was listed
            open.remove(port);
        }
        return port;
    }

    AnswerMismatches mismatches() {
        return new AnswerMismatches(server, counters.wrongSource.sum(), counters.unknownId.sum(), counters.wrongQuestion.sum(),
            counters.wrongCase.sum(), counters.late.sum());
    }

    /** The local ports of the pool's current sockets. */
    List<Integer> poolPorts() {
        return java.util.stream.IntStream.range(0, pool.length()).mapToObj(pool::get)
            .filter(port -> port != null).map(QueryPort::localPort).toList();
    }

    /** Ports whose reader still runs: the pool and retired ones still waiting for answers. */
    int openPorts() {
        return open.size();
    }

    boolean isReading() {
        return open.stream().anyMatch(QueryPort::isReading);
    }

    /** Closes every socket; queries in flight fail with an {@link IOException}. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            for (int slot = 0; slot < pool.length(); slot++) {
                QueryPort port = pool.get(slot);
                if (port != null) {
                    port.close();
                }
            }
        }
        List.copyOf(open).forEach(QueryPort::close);
    }
}
