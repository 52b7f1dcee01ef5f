package org.bounceguard.dns;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

import com.google.common.base.Ticker;

/**
 * Bounceguard's own UDP transport for DNSBL look-ups, in place of dnsjava 3.5.2's NIO client
 * (James 3.8.1's copy: a new channel, bind and selector registration per query, and a selector
 * wake-up bug that delays queries under concurrency). Each server has a small pool of sockets on
 * random ports, each shared by many queries and replaced on a schedule ({@link UdpTransportSettings});
 * see {@link UdpServerChannel} for the pool and {@link QueryPort} for the checks an answer passes.
 *
 * <p>Several servers are asked like dnsjava's {@code ExtendedResolver} with one retry per server,
 * as {@link DnsResolvers} used to configure it: the first server, then, on a timeout or a network
 * error, the next, each with the full {@linkplain #setTimeout timeout}. A server's answer, even an
 * error code, ends the query. Timeouts fail with {@link java.net.SocketTimeoutException}, a dead
 * server (ICMP port unreachable) with {@link java.net.PortUnreachableException}: the exception
 * types dnsjava uses; as a {@link DnsClient} it fails with the matching {@link DnsFailure} instead.
 *
 * <p>A truncated answer (TC bit) is asked again over TCP through dnsjava's {@link SimpleResolver}:
 * DNSBL answers are tiny, so this is rare and its speed does not matter.
 *
 * <p>Answers are handed to the caller's executor; {@link #ask} completes them on the reader thread,
 * which is why what follows an answer there must never block.
 */
public final class UdpResolver implements Resolver, DnsClient {
    private final List<UdpServerChannel> channels = new ArrayList<>();
    private final List<SimpleResolver> tcpFallbacks = new ArrayList<>();
    private final ScheduledThreadPoolExecutor timeouts;
    private volatile Duration timeout;
    private volatile boolean ignoreTruncation;

    public UdpResolver(List<InetSocketAddress> servers, Duration timeout) {
        this(servers, timeout, UdpTransportSettings.DEFAULTS);
    }

    public UdpResolver(List<InetSocketAddress> servers, Duration timeout, UdpTransportSettings transport) {
        this(servers, timeout, transport, Ticker.systemTicker());
    }

    /** {@code ticker} dates the sockets for {@link UdpTransportSettings#rotateEvery}. */
    UdpResolver(List<InetSocketAddress> servers, Duration timeout, UdpTransportSettings transport, Ticker ticker) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("UdpResolver needs at least one DNS server");
        }
        this.timeout = timeout;
        this.timeouts = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "bounceguard-dns-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timeouts.setRemoveOnCancelPolicy(true); // most timeouts are cancelled: do not keep them queued
        try {
            for (InetSocketAddress server : servers) {
                channels.add(new UdpServerChannel(server, transport, timeouts, ticker));
                SimpleResolver tcp = new SimpleResolver(server);
                tcp.setTCP(true);
                tcp.setTimeout(timeout);
                tcpFallbacks.add(tcp);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open a UDP channel to the DNS servers " + servers, e);
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        if (query.getQuestion() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a DNS query needs a question"));
        }
        byte[] wire = query.toWire();
        int questionLength = QueryPort.questionLength(wire);
        if (questionLength < 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a DNS query needs one well-formed question"));
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        new Exchange(query, null, 0, wire, questionLength, executor == null ? ForkJoinPool.commonPool() : executor, result).ask(0);
        return result;
    }

    /**
     * Asks {@code name} (class IN) for {@code type}, as {@link #sendAsync(Message, Executor)} asks a
     * query dnsjava built, but for a plain name without building one: the bytes are written directly.
     */
    public CompletionStage<Message> sendAsync(String name, int type, Executor executor) {
        byte[] wire = QueryWire.encode(name, type);
        try {
            if (wire == null) {
                return sendAsync(queryOf(name, type), executor);
            }
        } catch (TextParseException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Message> result = new CompletableFuture<>();
        new Exchange(null, name, type, wire, QueryPort.questionLength(wire), executor == null ? ForkJoinPool.commonPool() : executor, result).ask(0);
        return result;
    }

    /** Asks without a hand-off: the answer completes on the reader thread (see {@link DnsClient#ask}). */
    @Override
    public CompletableFuture<Message> ask(String name, int type) {
        return sendAsync(name, type, Runnable::run).toCompletableFuture().handle((answer, failure) -> {
            if (failure != null) {
                throw new CompletionException(DnsFailure.of(failure));
            }
            return answer;
        });
    }

    private static Message queryOf(String name, int type) throws TextParseException {
        return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    }

    /** Blocks for the answer; the failure is the one {@link #sendAsync} would complete with. */
    @Override
    public Message send(Message query) throws IOException {
        try {
            return sendAsync(query, Runnable::run).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a DNS answer");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** One query across the servers, in order. */
    private final class Exchange implements UdpServerChannel.Listener {
        /** The caller's query; null when it asked by name and type, which then stand in for it. */
        private final Message query;
        private final String name;
        private final int type;
        private final byte[] wire;
        private final int questionLength;
        private final Executor executor;
        private final CompletableFuture<Message> result;
        private int server;

        Exchange(Message query, String name, int type, byte[] wire, int questionLength, Executor executor, CompletableFuture<Message> result) {
            this.query = query;
            this.name = name;
            this.type = type;
            this.wire = wire;
            this.questionLength = questionLength;
            this.executor = executor;
            this.result = result;
        }

        void ask(int index) {
            server = index;
            channels.get(index).send(wire, questionLength, timeout.toNanos(), this);
        }

        @Override
        public void answered(Message answer) {
            if (answer.getHeader().getFlag(Flags.TC) && !ignoreTruncation) {
                Message asked;
                try {
                    asked = query != null ? query : queryOf(name, type);
                } catch (TextParseException e) {
                    complete(null, e);
                    return;
                }
                tcpFallbacks.get(server).sendAsync(asked, executor)
                    .whenComplete((tcpAnswer, failure) -> complete(tcpAnswer, failure));
                return;
            }
            if (query != null) {
                answer.getHeader().setID(query.getHeader().getID()); // the caller sees its own id
            }
            complete(answer, null);
        }

        @Override
        public void failed(IOException failure) {
            if (server + 1 < channels.size()) {
                ask(server + 1);
            } else {
                complete(null, failure);
            }
        }

        private void complete(Message answer, Throwable failure) {
            Runnable completion = failure == null ? () -> result.complete(answer) : () -> result.completeExceptionally(failure);
            try {
                executor.execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run(); // the caller's pool is shut down: complete here rather than never
            }
        }
    }

    @Override
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
        tcpFallbacks.forEach(tcp -> tcp.setTimeout(timeout));
    }

    @Override
    public Duration getTimeout() {
        return timeout;
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        this.ignoreTruncation = flag;
    }

    @Override
    public void setTCP(boolean flag) {
        if (flag) {
            throw new UnsupportedOperationException("UdpResolver asks over UDP only (TCP just for truncated answers); use dnsjava's SimpleResolver for TCP");
        }
    }

    @Override
    public void setPort(int port) {
        throw new UnsupportedOperationException("UdpResolver takes its servers' ports in its constructor");
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        if (version != -1) {
            throw new UnsupportedOperationException("UdpResolver sends queries as given and adds no EDNS record");
        }
    }

    @Override
    public void setTSIGKey(TSIG key) {
        if (key != null) {
            throw new UnsupportedOperationException("UdpResolver does not sign queries (TSIG)");
        }
    }

    /** Closes the channels; queries still in flight fail with an {@link IOException}. */
    @Override
    public void close() {
        channels.forEach(UdpServerChannel::close);
        timeouts.shutdownNow();
    }

    /** Per server, the datagrams that answered nothing asked: spoofing attempts, and late answers. */
    @Override
    public List<AnswerMismatches> mismatches() {
        return channels.stream().map(UdpServerChannel::mismatches).toList();
    }

    /** Per server, the local ports of its current pool. */
    List<List<Integer>> poolPorts() {
        return channels.stream().map(UdpServerChannel::poolPorts).toList();
    }

    /** Per server, its open sockets: the pool and retired ones still waiting for answers. */
    List<Integer> openPorts() {
        return channels.stream().map(UdpServerChannel::openPorts).toList();
    }

    /** Whether a reader thread still runs (after {@link #close}, briefly). */
    boolean isReading() {
        return channels.stream().anyMatch(UdpServerChannel::isReading);
    }

    @Override
    public String toString() {
        return "UdpResolver" + channels.stream().map(UdpServerChannel::server).toList();
    }
}
