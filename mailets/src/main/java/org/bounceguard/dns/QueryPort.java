package org.bounceguard.dns;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * One source port of a {@link UdpServerChannel}'s pool: a socket on a random ephemeral port,
 * connected to the server, shared by up to a fixed number of queries, and one reader thread that
 * matches answers to outstanding queries.
 *
 * <p>Connected, so that the kernel delivers to it only datagrams from the server's address and
 * port, and an ICMP port unreachable (the server process is gone) comes back as a
 * {@link PortUnreachableException}: a dead server fails fast instead of timing out. Where the
 * platform has {@code SO_REUSEPORT}, a second, unconnected socket (the <em>witness</em>) shares
 * the port; Linux hands it whatever arrives from anyone else, so those datagrams are counted as
 * spoofed instead of vanishing unseen.
 *
 * <p>An answer is taken only if its id belongs to a query waiting on this port, it is a response
 * with one question, and that question repeats the query's name, type and class byte for byte
 * (letter case aside, unless the name was sent in 0x20 mixed case). Anything else is counted and
 * dropped, and the query keeps waiting.
 *
 * <p>Once retired the port takes no new query; it keeps reading until its last outstanding query
 * is answered or has timed out, then closes.
 */
final class QueryPort {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueryPort.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String READER_THREAD_NAME = "bounceguard-dns-udp";
    private static final int HEADER_LENGTH = 12;
    private static final int MAX_ID_DRAWS = 64;
    private static final int PORT_DRAWS = 16;
    private static final int[] EPHEMERAL_PORTS = ephemeralPortRange();

    /** What became of a {@link #send}. */
    enum Sent {
        /** Retired or full: ask another port. */
        REFUSED,
        SENT,
        /** Sent, and that was the last query this port takes: replace it. */
        SENT_LAST
    }

    private final InetSocketAddress server;
    private final DatagramChannel channel;
    private final DatagramChannel witness;
    private final Selector selector;
    private final Thread reader;
    private final ScheduledExecutorService timeouts;
    private final UdpServerChannel.Counters counters;
    /** Told when the reader has stopped: the port is gone for good. */
    private final Consumer<QueryPort> onClose;
    private final long capacity;
    private final long openedAtNanos;
    private final boolean mixedCaseNames;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong reserved = new AtomicLong();
    /** Queries reserved and not yet finished: a retired port closes when this reaches zero. */
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;

    private QueryPort(InetSocketAddress server, DatagramChannel channel, DatagramChannel witness, Selector selector,
                      ScheduledExecutorService timeouts, UdpServerChannel.Counters counters, Consumer<QueryPort> onClose,
                      long capacity, long openedAtNanos, boolean mixedCaseNames) {
        this.server = server;
        this.channel = channel;
        this.witness = witness;
        this.selector = selector;
        this.timeouts = timeouts;
        this.counters = counters;
        this.onClose = onClose;
        this.capacity = capacity;
        this.openedAtNanos = openedAtNanos;
        this.mixedCaseNames = mixedCaseNames;
        this.reader = new Thread(this::readAnswers, READER_THREAD_NAME);
        reader.setDaemon(true);
    }

    static QueryPort open(InetSocketAddress server, ScheduledExecutorService timeouts, UdpServerChannel.Counters counters,
                          Consumer<QueryPort> onClose, long capacity, long nowNanos, boolean mixedCaseNames) throws IOException {
        ProtocolFamily family = server.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel channel = null;
        DatagramChannel witness = null;
        Selector selector = null;
        try {
            selector = Selector.open();
            channel = DatagramChannel.open(family);
            // many queries share the socket: room for bursts of answers (capped by net.core.rmem_max)
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            boolean sharePort = channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (sharePort) {
                witness = DatagramChannel.open(family);
                witness.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                bindToRandomPort(witness, wildcard(family));
                channel.bind(witness.getLocalAddress());
            } else {
                bindToRandomPort(channel, wildcard(family));
            }
            channel.connect(server);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            if (witness != null) {
                witness.configureBlocking(false);
                witness.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(witness);
            closeQuietly(channel);
            closeQuietly(selector);
            throw e;
        }
        QueryPort port = new QueryPort(server, channel, witness, selector, timeouts, counters, onClose, capacity, nowNanos, mixedCaseNames);
        port.reader.start();
        return port;
    }

    /**
     * RFC 5452 section 9.2: a port drawn at random from the system's ephemeral range (where the
     * kernel itself would pick, so no fixed service port is taken). Each candidate is first bound
     * alone, without {@code SO_REUSEPORT}: that fails if anyone holds the port, whereas a shared bind
     * would silently join another socket's group.
     */
    private static void bindToRandomPort(DatagramChannel target, InetAddress wildcard) throws IOException {
        int low = EPHEMERAL_PORTS[0];
        int high = EPHEMERAL_PORTS[1];
        for (int draw = 0; draw < PORT_DRAWS; draw++) {
            InetSocketAddress candidate = new InetSocketAddress(wildcard, low + RANDOM.nextInt(high - low + 1));
            try (DatagramChannel probe = DatagramChannel.open(wildcard instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET)) {
                probe.bind(candidate);
            } catch (BindException inUse) {
                continue;
            }
            try {
                target.bind(candidate);
                return;
            } catch (BindException takenMeanwhile) {
                // another draw
            }
        }
        target.bind(new InetSocketAddress(wildcard, 0)); // a crowded range: the kernel's own (also random on Linux) choice
    }

    private static InetAddress wildcard(ProtocolFamily family) throws IOException {
        return InetAddress.getByName(family == StandardProtocolFamily.INET6 ? "::" : "0.0.0.0");
    }

    private static int[] ephemeralPortRange() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            int low = Integer.parseInt(range[0]);
            int high = Integer.parseInt(range[1]);
            if (low >= 1024 && high <= 65535 && low < high) {
                return new int[] {low, high};
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: IANA's dynamic range
        }
        return new int[] {49152, 65535};
    }

    int localPort() {
        return channel.socket().getLocalPort();
    }

    /** Whether this port should be replaced before it takes another query: retired, or older than {@code maxAgeNanos}. */
    boolean due(long nowNanos, long maxAgeNanos) {
        return retired || nowNanos - openedAtNanos >= maxAgeNanos;
    }

    boolean isRetired() {
        return retired;
    }

    /**
     * Sends {@code wire} (a query whose id is replaced, and with 0x20 its name's case) unless this
     * port is retired or full; {@code listener} is told what came of it, exactly once, if it was sent.
     */
    Sent send(byte[] wire, int questionLength, long timeoutNanos, UdpServerChannel.Listener listener) {
        inUse.incrementAndGet();
        long number = reserved.incrementAndGet();
        if (retired || number > capacity) {
            release();
            return Sent.REFUSED;
        }
        byte[] datagram = Arrays.copyOf(wire, wire.length);
        if (mixedCaseNames) {
            randomizeCase(datagram);
        }
        Pending query = register(Arrays.copyOfRange(datagram, HEADER_LENGTH, HEADER_LENGTH + questionLength), listener);
        if (query == null) {
            release();
            listener.failed(new IOException("too many DNS queries outstanding on one port to " + server));
            return number == capacity ? Sent.SENT_LAST : Sent.SENT;
        }
        datagram[0] = (byte) (query.id >>> 8);
        datagram[1] = (byte) query.id;
        try {
            query.timeout = timeouts.schedule(() -> expire(query, timeoutNanos), timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) { // the resolver was closed meanwhile
            finish(query, new IOException("DNS resolver for " + server + " is closed"));
            return Sent.SENT;
        }
        try {
            write(datagram, query);
        } catch (IOException e) {
            finish(query, e);
        }
        return number == capacity ? Sent.SENT_LAST : Sent.SENT;
    }

    /** An id unpredictable to anyone off the path and unique among this port's outstanding queries. */
    private Pending register(byte[] question, UdpServerChannel.Listener listener) {
        for (int draw = 0; draw < MAX_ID_DRAWS; draw++) {
            Pending query = new Pending(RANDOM.nextInt(0x10000), question, listener);
            if (pending.putIfAbsent(query.id, query) == null) {
                return query;
            }
        }
        return null;
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

    /** No new queries; closes as soon as none is outstanding. */
    void retire() {
        retired = true;
        if (inUse.get() == 0) {
            close();
        }
    }

    private void release() {
        if (inUse.decrementAndGet() == 0 && retired) {
            close();
        }
    }

    private void readAnswers() {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        try {
            while (!closed.get()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.channel() == channel) {
                        drainAnswers(buffer);
                    } else {
                        drainWitness(buffer);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // closed: nothing more to read
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                LOGGER.warn("Reading DNS answers from {} failed; this port is replaced and its queries fail", server, e);
            }
        } finally {
            retired = true;
            close();
            failAll(new IOException("DNS resolver for " + server + " is closed"), null);
            onClose.accept(this);
        }
    }

    private void drainAnswers(ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            try {
                channel.read(buffer);
            } catch (PortUnreachableException e) {
                // which query the ICMP answered is unknown; all of them went to the same dead port
                failAll(unreachable(), null);
                continue;
            }
            if (buffer.position() == 0) {
                return; // nothing more waiting (or an empty datagram, which is no answer either)
            }
            buffer.flip();
            accept(buffer);
        }
    }

    private void drainWitness(ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            SocketAddress from = witness.receive(buffer);
            if (from == null) {
                return;
            }
            if (server.equals(from)) {
                buffer.flip();
                accept(buffer); // a kernel that does not prefer the connected socket: still the server's answer
            } else {
                counters.wrongSource.increment();
            }
        }
    }

    private void accept(ByteBuffer datagram) {
        if (datagram.remaining() < HEADER_LENGTH) {
            counters.wrongQuestion.increment();
            return;
        }
        int id = ((datagram.get(0) & 0xFF) << 8) | (datagram.get(1) & 0xFF);
        Pending query = pending.get(id);
        if (query == null) {
            counters.unknownId.increment();
            return;
        }
        Echo echo = echo(query.question, datagram);
        if (query.expired) {
            if (echo == Echo.WRONG) {
                counters.wrongQuestion.increment();
            } else {
                counters.late.increment();
            }
            return;
        }
        if (echo != Echo.EXACT && (echo == Echo.WRONG || mixedCaseNames)) {
            (echo == Echo.WRONG ? counters.wrongQuestion : counters.wrongCase).increment();
            return;
        }
        Message answer;
        try {
            answer = new Message(Arrays.copyOf(datagram.array(), datagram.limit()));
        } catch (IOException e) {
            counters.wrongQuestion.increment();
            return;
        }
        if (query.done.compareAndSet(false, true)) {
            pending.remove(id, query);
            query.cancelTimeout();
            release();
            query.listener.answered(answer);
        }
    }

    private enum Echo { EXACT, OTHER_CASE, WRONG }

    /** Whether {@code datagram} is a response with one question, and that question is {@code asked}. */
    private static Echo echo(byte[] asked, ByteBuffer datagram) {
        boolean response = (datagram.get(2) & 0x80) != 0;
        int questions = ((datagram.get(4) & 0xFF) << 8) | (datagram.get(5) & 0xFF);
        if (!response || questions != 1 || datagram.remaining() < HEADER_LENGTH + asked.length) {
            return Echo.WRONG;
        }
        Echo echo = Echo.EXACT;
        int nameEnd = asked.length - 4; // type and class follow the name
        for (int i = 0; i < asked.length; i++) {
            byte sent = asked[i];
            byte got = datagram.get(HEADER_LENGTH + i);
            if (sent == got) {
                continue;
            }
            // label length bytes are below 64, so a case difference can only be in a label's letters
            if (i < nameEnd && isLetter(sent) && (sent | 0x20) == (got | 0x20)) {
                echo = Echo.OTHER_CASE;
            } else {
                return Echo.WRONG;
            }
        }
        return echo;
    }

    private static boolean isLetter(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /** draft-vixie-dnsext-dns0x20: each letter of the query name in upper or lower case at random. */
    private static void randomizeCase(byte[] datagram) {
        long bits = 0;
        int left = 0;
        int position = HEADER_LENGTH;
        while (position < datagram.length) {
            int length = datagram[position] & 0xFF;
            if (length == 0 || length >= 64) {
                return; // the root label ends the name (a query name is never compressed)
            }
            for (int i = position + 1; i <= position + length && i < datagram.length; i++) {
                if (isLetter(datagram[i])) {
                    if (left == 0) {
                        bits = RANDOM.nextLong();
                        left = 64;
                    }
                    datagram[i] = (byte) ((bits & 1) == 0 ? datagram[i] | 0x20 : datagram[i] & ~0x20);
                    bits >>>= 1;
                    left--;
                }
            }
            position += length + 1;
        }
    }

    /** The length of a query's question (name, type, class) as it follows the header, or -1 if it is malformed. */
    static int questionLength(byte[] wire) {
        int position = HEADER_LENGTH;
        while (position < wire.length) {
            int length = wire[position] & 0xFF;
            if (length >= 64) {
                return -1;
            }
            position += length + 1;
            if (length == 0) {
                int end = position + 4;
                return end <= wire.length ? end - HEADER_LENGTH : -1;
            }
        }
        return -1;
    }

    private void expire(Pending query, long lateWindowNanos) {
        if (!query.done.compareAndSet(false, true)) {
            return;
        }
        // kept a while as a tombstone, so that the real answer arriving late is not taken for a forgery
        query.expired = true;
        release();
        try {
            timeouts.schedule(() -> pending.remove(query.id, query), lateWindowNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pending.remove(query.id, query);
        }
        query.listener.failed(new SocketTimeoutException("DNS query to " + server + " timed out"));
    }

    private void finish(Pending query, IOException failure) {
        if (query.done.compareAndSet(false, true)) {
            pending.remove(query.id, query);
            query.cancelTimeout();
            release();
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

    /** Closes the sockets now; the reader then fails what is still outstanding. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        retired = true;
        closeQuietly(channel);
        closeQuietly(witness);
        closeQuietly(selector); // wakes the reader, which then reports the port gone
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOGGER.debug("Closing a DNS socket failed", e);
            }
        }
    }

    /** A query waiting for its answer; after its timeout, a tombstone for a while. */
    private static final class Pending {
        final int id;
        final byte[] question;
        final UdpServerChannel.Listener listener;
        final AtomicBoolean done = new AtomicBoolean();
        volatile boolean expired;
        volatile ScheduledFuture<?> timeout;

        Pending(int id, byte[] question, UdpServerChannel.Listener listener) {
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
