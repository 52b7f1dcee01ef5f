package org.bounceguard.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.ErrorKind;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.dnsbl.ZoneError;
import org.bounceguard.dnsbl.ZoneSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import com.google.common.base.Ticker;

class UdpResolverTest {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final FakeTicker ticker = new FakeTicker();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        callbacks.shutdownNow();
    }

    private <T extends AutoCloseable> T closedAfter(T resource) {
        resources.add(resource);
        return resource;
    }

    private UdpResolver resolver(Duration timeout, InetSocketAddress... servers) {
        return closedAfter(new UdpResolver(List.of(servers), timeout));
    }

    private static Message query(String name) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
    }

    private static String address(Message answer) {
        return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private static Throwable failureOf(CompletableFuture<Message> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got an answer");
    }

    @Test
    void answersInShuffledOrderReachTheirOwnQueries() throws Exception {
        int count = 2_000;
        List<FakeUdpDnsServer.Received> held = new ArrayList<>();
        Set<SocketAddress> sources = java.util.concurrent.ConcurrentHashMap.newKeySet();
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            sources.add(received.from());
            synchronized (held) {
                held.add(received);
            }
        }));
        // answers go out every few milliseconds, each batch shuffled: out of order, and never so
        // many at once that the kernel's receive buffers drop them
        java.util.concurrent.ScheduledExecutorService answering = Executors.newSingleThreadScheduledExecutor();
        closedAfter(answering::shutdownNow);
        answering.scheduleWithFixedDelay(() -> {
            List<FakeUdpDnsServer.Received> batch;
            synchronized (held) {
                batch = new ArrayList<>(held);
                held.clear();
            }
            Collections.shuffle(batch);
            for (FakeUdpDnsServer.Received each : batch) {
                String label = each.query().getQuestion().getName().getLabelString(0); // q<i>
                int i = Integer.parseInt(label.substring(1));
                server.reply(FakeUdpDnsServer.answer(each.query(), "127.0." + (i >> 8) + "." + (i & 0xFF)), each.from());
            }
        }, 5, 5, TimeUnit.MILLISECONDS);
        // ports replaced every 97 queries: many rotations while answers are outstanding
        UdpTransportSettings rotatingOften = UdpTransportSettings.DEFAULTS.withRotateAfterQueries(97);
        UdpResolver resolver = closedAfter(new UdpResolver(List.of(server.address()), Duration.ofSeconds(10), rotatingOften));

        ExecutorService senders = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Message>> answers = new ArrayList<>();
            List<Message> queries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                queries.add(query("q" + i + ".zone.test."));
            }
            List<CompletableFuture<CompletableFuture<Message>>> sent = new ArrayList<>();
            for (Message query : queries) {
                sent.add(CompletableFuture.supplyAsync(() -> resolver.sendAsync(query, callbacks).toCompletableFuture(), senders));
            }
            for (CompletableFuture<CompletableFuture<Message>> each : sent) {
                answers.add(each.get());
            }
            for (int i = 0; i < count; i++) {
                Message answer = answers.get(i).get(20, TimeUnit.SECONDS);
                assertThat(address(answer)).isEqualTo("127.0." + (i >> 8) + "." + (i & 0xFF));
                assertThat(answer.getHeader().getID()).as("the caller's own id").isEqualTo(queries.get(i).getHeader().getID());
            }
            assertThat(sources).as("source ports used").hasSizeGreaterThanOrEqualTo(count / 97);
            assertThat(resolver.mismatches().get(0).spoofed()).isZero();
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void spoofedAnswersAreIgnoredAndTheRealOneIsTaken() throws Exception {
        DatagramChannel spoofer = closedAfter(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            Message query = received.query();
            Message wrongId = FakeUdpDnsServer.answer(query, "127.0.0.66");
            wrongId.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
            dns.reply(wrongId, received.from());
            Message wrongQuestion = FakeUdpDnsServer.answer(query, "127.0.0.67");
            wrongQuestion.removeAllRecords(Section.QUESTION);
            wrongQuestion.addRecord(Record.newRecord(Name.fromConstantString("other.zone.test."), Type.A, DClass.IN), Section.QUESTION);
            dns.reply(wrongQuestion, received.from());
            Message notAResponse = FakeUdpDnsServer.answer(query, "127.0.0.68");
            notAResponse.getHeader().unsetFlag(Flags.QR);
            dns.reply(notAResponse, received.from());
            try {
                spoofer.send(ByteBuffer.wrap(FakeUdpDnsServer.answer(query, "127.0.0.69").toWire()), received.from());
                Thread.sleep(50); // the spoofed datagrams arrive first
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            dns.reply(FakeUdpDnsServer.answer(query, "127.0.0.2"), received.from());
        }));
        UdpResolver resolver = resolver(Duration.ofSeconds(5), server.address());

        Message answer = resolver.sendAsync(query("2.0.0.127.zone.test."), callbacks).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(address(answer)).isEqualTo("127.0.0.2");
    }

    @Test
    void onlySpoofedAnswersMeansATimeout() throws Exception {
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            Message wrongId = FakeUdpDnsServer.answer(received.query(), "127.0.0.66");
            wrongId.getHeader().setID((received.query().getHeader().getID() + 1) & 0xFFFF);
            dns.reply(wrongId, received.from());
        }));
        UdpResolver resolver = resolver(Duration.ofMillis(300), server.address());

        Throwable failure = failureOf(resolver.sendAsync(query("a.zone.test."), callbacks).toCompletableFuture());

        assertThat(failure).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void asADnsClientItsFailuresAreTyped() throws Exception {
        FakeUdpDnsServer silent = closedAfter(new FakeUdpDnsServer((dns, received) -> { }));
        DnsClient timingOut = resolver(Duration.ofMillis(200), silent.address());
        DnsClient unreachable = resolver(Duration.ofSeconds(5), deadPort());

        assertThat(failureOf(timingOut.ask("a.zone.test.", Type.A))).isInstanceOfSatisfying(DnsFailure.class,
            failure -> assertThat(failure.kind()).isEqualTo(DnsFailure.Kind.TIMEOUT));
        assertThat(failureOf(unreachable.ask("a.zone.test.", Type.A))).isInstanceOfSatisfying(DnsFailure.class,
            failure -> assertThat(failure.kind()).isEqualTo(DnsFailure.Kind.NETWORK));
    }

    @Test
    void aSilentServerTimesOutWithTheExceptionDnsjavaUses() throws Exception {
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> { }));
        UdpResolver resolver = resolver(Duration.ofMillis(200), server.address());

        long start = System.nanoTime();
        assertThatThrownBy(() -> resolver.send(query("a.zone.test."))).isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));
    }

    @Test
    void aDeadServerFailsFastAsUnreachable() throws Exception {
        UdpResolver resolver = resolver(Duration.ofSeconds(5), deadPort());

        long start = System.nanoTime();
        Throwable failure = failureOf(resolver.sendAsync(query("a.zone.test."), callbacks).toCompletableFuture());

        assertThat(failure).isInstanceOf(PortUnreachableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // and the channel stays usable: the next query fails the same way, not with a stale state
        assertThat(failureOf(resolver.sendAsync(query("b.zone.test."), callbacks).toCompletableFuture()))
            .isInstanceOf(PortUnreachableException.class);
    }

    @Test
    void theNextServerIsAskedWhenTheFirstIsDeadOrSilent() throws Exception {
        FakeUdpDnsServer silent = closedAfter(new FakeUdpDnsServer((dns, received) -> { }));
        FakeUdpDnsServer good = closedAfter(new FakeUdpDnsServer((dns, received) ->
            dns.reply(FakeUdpDnsServer.answer(received.query(), "127.0.0.3"), received.from())));

        UdpResolver afterDead = resolver(Duration.ofSeconds(5), deadPort(), good.address());
        assertThat(address(afterDead.send(query("a.zone.test.")))).isEqualTo("127.0.0.3");

        UdpResolver afterSilent = resolver(Duration.ofMillis(200), silent.address(), good.address());
        assertThat(address(afterSilent.send(query("b.zone.test.")))).isEqualTo("127.0.0.3");
    }

    @Test
    void aTruncatedAnswerIsAskedAgainOverTcp() throws Exception {
        FakeUdpDnsServer udp = null;
        ServerSocket tcp = null;
        for (int attempt = 0; tcp == null; attempt++) { // a TCP listener on the UDP server's port number
            udp = new FakeUdpDnsServer((dns, received) -> {
                Message truncated = FakeUdpDnsServer.answer(received.query(), "127.0.0.9");
                truncated.getHeader().setFlag(Flags.TC);
                dns.reply(truncated, received.from());
            });
            try {
                tcp = new ServerSocket(udp.address().getPort(), 5, InetAddress.getByName("127.0.0.1"));
            } catch (IOException busy) {
                udp.close();
                assertThat(attempt).as("free TCP port next to a UDP one").isLessThan(20);
            }
        }
        closedAfter(udp);
        ServerSocket listener = closedAfter(tcp);
        AtomicReference<String> askedOverTcp = new AtomicReference<>();
        Thread tcpServer = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] wire = new byte[in.readUnsignedShort()];
                in.readFully(wire);
                Message query = new Message(wire);
                askedOverTcp.set(query.getQuestion().getName().toString());
                byte[] answer = FakeUdpDnsServer.answer(query, "127.0.0.4").toWire();
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                // the test fails on its own
            }
        });
        tcpServer.setDaemon(true);
        tcpServer.start();
        UdpResolver resolver = resolver(Duration.ofSeconds(5), udp.address());

        Message answer = resolver.sendAsync(query("big.zone.test."), callbacks).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(address(answer)).isEqualTo("127.0.0.4");
        assertThat(askedOverTcp.get()).isEqualTo("big.zone.test.");
    }

    @Test
    void closingFailsQueriesInFlightAndStopsTheReader() throws Exception {
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> { }));
        UdpResolver resolver = new UdpResolver(List.of(server.address()), Duration.ofSeconds(30));
        CompletableFuture<Message> pending = resolver.sendAsync(query("a.zone.test."), callbacks).toCompletableFuture();

        resolver.close();

        assertThat(failureOf(pending)).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        assertThat(failureOf(resolver.sendAsync(query("b.zone.test."), callbacks).toCompletableFuture()))
            .as("a query after close").isInstanceOf(IOException.class);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (resolver.isReading() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(resolver.isReading()).as("reader threads still running").isFalse();
    }

    @Test
    void theEngineCountsTimeoutsAndDeadServersAsItDidWithDnsjava() throws Exception {
        FakeUdpDnsServer silent = closedAfter(new FakeUdpDnsServer((dns, received) -> { }));
        DnsblQuery client = new DnsblQuery(Optional.of(InetAddress.getByName("192.0.2.1")), Optional.empty(), Optional.empty(), false);

        try (DnsblEngine timingOut = engineAsking(silent.address(), Duration.ofMillis(200));
             DnsblEngine unreachable = engineAsking(deadPort(), Duration.ofSeconds(5))) {
            DnsblVerdict timedOut = timingOut.check(DnsblRequest.of(client, ZoneSpec.parseList("a.test"))).get(10, TimeUnit.SECONDS);
            DnsblVerdict dead = unreachable.check(DnsblRequest.of(client, ZoneSpec.parseList("a.test"))).get(10, TimeUnit.SECONDS);

            assertThat(timedOut.errors()).extracting(ZoneError::kind).containsExactly(ErrorKind.TIMEOUT);
            assertThat(dead.errors()).extracting(ZoneError::kind).containsExactly(ErrorKind.NETWORK);
        }
    }

    private static DnsblEngine engineAsking(InetSocketAddress server, Duration queryTimeout) {
        return DnsblEngine.builder()
            .servers(List.of(server))
            .queryTimeout(queryTimeout)
            .deadline(Duration.ofSeconds(3))
            .healthProbeInterval(Duration.ZERO)
            .build();
    }

    /** A UDP port nobody listens on (bound, then closed). */
    private static InetSocketAddress deadPort() throws IOException {
        try (DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return (InetSocketAddress) channel.getLocalAddress();
        }
    }

    // ---------------------------------------------------------------- RFC 5452: source ports, forged answers

    private static final class FakeTicker extends Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    private UdpResolver resolver(UdpTransportSettings transport, Duration timeout, InetSocketAddress server) {
        return closedAfter(new UdpResolver(List.of(server), timeout, transport, ticker));
    }

    /** Answers every query at once and remembers the source port it came from. */
    private FakeUdpDnsServer answeringServer(List<Integer> sourcePorts) throws IOException {
        return closedAfter(new FakeUdpDnsServer((dns, received) -> {
            sourcePorts.add(((InetSocketAddress) received.from()).getPort());
            dns.reply(FakeUdpDnsServer.answer(received.query(), "127.0.0.2"), received.from());
        }));
    }

    private Message ask(UdpResolver resolver, String name) throws Exception {
        return resolver.sendAsync(query(name), callbacks).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            Thread.sleep(5);
        }
    }

    private static AnswerMismatches mismatches(UdpResolver resolver) {
        return resolver.mismatches().get(0);
    }

    @Test
    void queriesLeaveFromSeveralRandomSourcePorts() throws Exception {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        UdpResolver resolver = resolver(UdpTransportSettings.DEFAULTS, Duration.ofSeconds(5), answeringServer(ports).address());

        for (int i = 0; i < 40; i++) {
            assertThat(address(ask(resolver, "q" + i + ".zone.test."))).isEqualTo("127.0.0.2");
        }

        assertThat(Set.copyOf(ports)).hasSizeGreaterThan(1);
        assertThat(Set.copyOf(ports)).isSubsetOf(resolver.poolPorts().get(0));
    }

    @Test
    void aQueryAskedByNameAndTypeIsAnsweredLikeABuiltOne() throws Exception {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        UdpResolver resolver = resolver(UdpTransportSettings.DEFAULTS, Duration.ofSeconds(5), answeringServer(ports).address());

        Message byName = resolver.sendAsync("2.0.0.127.zone.test", Type.A, callbacks).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Message escaped = resolver.sendAsync("odd\\.label.zone.test", Type.A, callbacks).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(address(byName)).isEqualTo("127.0.0.2");
        assertThat(byName.getQuestion().getName()).isEqualTo(Name.fromConstantString("2.0.0.127.zone.test."));
        assertThat(escaped.getQuestion().getName().getLabelString(0)).as("left to dnsjava").isEqualTo("odd\\.label");
    }

    @Test
    void aPortIsReplacedAfterItsQuota() throws Exception {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        UdpTransportSettings transport = UdpTransportSettings.DEFAULTS.withChannels(1).withRotateAfterQueries(3);
        UdpResolver resolver = resolver(transport, Duration.ofSeconds(5), answeringServer(ports).address());

        for (int i = 0; i < 7; i++) {
            ask(resolver, "q" + i + ".zone.test.");
        }

        assertThat(ports.subList(0, 3)).containsOnly(ports.get(0));
        assertThat(ports.subList(3, 6)).containsOnly(ports.get(3));
        assertThat(List.of(ports.get(0), ports.get(3), ports.get(6))).doesNotHaveDuplicates();
        awaitTrue("retired ports closed", () -> resolver.openPorts().get(0) == 1);
    }

    @Test
    void aPortIsReplacedOnceItIsOlderThanTheSchedule() throws Exception {
        List<Integer> ports = new CopyOnWriteArrayList<>();
        UdpTransportSettings transport = UdpTransportSettings.DEFAULTS.withChannels(1).withRotateEvery(Duration.ofMinutes(1));
        UdpResolver resolver = resolver(transport, Duration.ofSeconds(5), answeringServer(ports).address());

        ask(resolver, "a.zone.test.");
        ticker.advance(Duration.ofSeconds(59));
        ask(resolver, "b.zone.test.");
        ticker.advance(Duration.ofSeconds(1));
        ask(resolver, "c.zone.test.");

        assertThat(ports.get(1)).as("59 s old: kept").isEqualTo(ports.get(0));
        assertThat(ports.get(2)).as("60 s old: replaced").isNotEqualTo(ports.get(0));
    }

    @Test
    void aRetiredPortStillDeliversItsLateAnswers() throws Exception {
        BlockingQueue<FakeUdpDnsServer.Received> held = new LinkedBlockingQueue<>();
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            if (received.query().getQuestion().getName().toString().startsWith("slow")) {
                held.add(received);
            } else {
                dns.reply(FakeUdpDnsServer.answer(received.query(), "127.0.0.3"), received.from());
            }
        }));
        UdpTransportSettings transport = UdpTransportSettings.DEFAULTS.withChannels(1).withRotateAfterQueries(1);
        UdpResolver resolver = resolver(transport, Duration.ofSeconds(10), server.address());

        CompletableFuture<Message> slow = resolver.sendAsync(query("slow.zone.test."), callbacks).toCompletableFuture();
        FakeUdpDnsServer.Received first = held.poll(10, TimeUnit.SECONDS);
        assertThat(address(ask(resolver, "fast.zone.test."))).isEqualTo("127.0.0.3");
        // the answered port closes; the one still waiting for the slow answer stays, beside the pool's
        awaitTrue("the retired port waiting for its answer and the pool's", () -> resolver.openPorts().get(0) == 2);
        assertThat(slow).isNotDone();

        server.reply(FakeUdpDnsServer.answer(first.query(), "127.0.0.4"), first.from());

        assertThat(address(slow.get(10, TimeUnit.SECONDS))).isEqualTo("127.0.0.4");
        awaitTrue("the retired port closes once answered", () -> resolver.openPorts().get(0) == 1);
        assertThat(mismatches(resolver).spoofed()).isZero();
    }

    @Test
    void answersFromAnotherPortOrAddressAreDroppedAndCounted() throws Exception {
        DatagramChannel otherPort = closedAfter(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
        DatagramChannel otherAddress = closedAfter(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.2", 0)));
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            // right id, right question: only the source gives them away
            send(otherPort, FakeUdpDnsServer.answer(received.query(), "127.0.0.66"), received.from());
            send(otherAddress, FakeUdpDnsServer.answer(received.query(), "127.0.0.67"), received.from());
            pause(50); // the forgeries arrive first
            dns.reply(FakeUdpDnsServer.answer(received.query(), "127.0.0.2"), received.from());
        }));
        UdpResolver resolver = resolver(UdpTransportSettings.DEFAULTS, Duration.ofSeconds(5), server.address());

        assertThat(address(ask(resolver, "2.0.0.127.zone.test."))).isEqualTo("127.0.0.2");

        awaitTrue("both forgeries counted", () -> mismatches(resolver).wrongSource() == 2);
        assertThat(mismatches(resolver).spoofed()).isEqualTo(2);
    }

    @Test
    void answersWithAnotherIdOrQuestionAreCounted() throws Exception {
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            Message query = received.query();
            Message wrongId = FakeUdpDnsServer.answer(query, "127.0.0.66");
            wrongId.getHeader().setID((query.getHeader().getID() + 1) & 0xFFFF);
            dns.reply(wrongId, received.from());
            Message wrongType = FakeUdpDnsServer.answer(query, "127.0.0.67");
            wrongType.removeAllRecords(Section.QUESTION);
            wrongType.addRecord(Record.newRecord(query.getQuestion().getName(), Type.AAAA, DClass.IN), Section.QUESTION);
            dns.reply(wrongType, received.from());
            dns.reply(FakeUdpDnsServer.answer(query, "127.0.0.2"), received.from());
        }));
        UdpResolver resolver = resolver(UdpTransportSettings.DEFAULTS, Duration.ofSeconds(5), server.address());

        assertThat(address(ask(resolver, "a.zone.test."))).isEqualTo("127.0.0.2");

        assertThat(mismatches(resolver).unknownId()).isEqualTo(1);
        assertThat(mismatches(resolver).wrongQuestion()).isEqualTo(1);
    }

    @Test
    void anAnswerAfterTheTimeoutCountsAsLateNotSpoofed() throws Exception {
        BlockingQueue<FakeUdpDnsServer.Received> held = new LinkedBlockingQueue<>();
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> held.add(received)));
        UdpResolver resolver = resolver(UdpTransportSettings.DEFAULTS, Duration.ofMillis(200), server.address());

        CompletableFuture<Message> query = resolver.sendAsync(query("a.zone.test."), callbacks).toCompletableFuture();
        FakeUdpDnsServer.Received received = held.poll(10, TimeUnit.SECONDS);
        awaitTrue("timed out", query::isDone);
        server.reply(FakeUdpDnsServer.answer(received.query(), "127.0.0.2"), received.from());

        awaitTrue("late answer seen", () -> mismatches(resolver).late() == 1);
        assertThat(mismatches(resolver).spoofed()).isZero();
        assertThat(query).isCompletedExceptionally();
    }

    @Test
    void withMixedCaseNamesTheCaseIsRandomAndMustBeEchoed() throws Exception {
        List<String> askedNames = new CopyOnWriteArrayList<>();
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            Message query = received.query();
            askedNames.add(query.getQuestion().getName().toString());
            Message otherCase = FakeUdpDnsServer.answer(query, "127.0.0.66");
            otherCase.removeAllRecords(Section.QUESTION);
            otherCase.addRecord(Record.newRecord(swapCase(query.getQuestion().getName()), Type.A, DClass.IN), Section.QUESTION);
            dns.reply(otherCase, received.from());
            dns.reply(FakeUdpDnsServer.answer(query, "127.0.0.2"), received.from()); // echoes the case as asked
        }));
        UdpResolver resolver = resolver(UdpTransportSettings.DEFAULTS.withMixedCaseNames(true), Duration.ofSeconds(5), server.address());

        for (int i = 0; i < 20; i++) {
            assertThat(address(ask(resolver, "mixedcase.zone.test."))).isEqualTo("127.0.0.2");
        }

        assertThat(askedNames).allSatisfy(name -> assertThat(name).isEqualToIgnoringCase("mixedcase.zone.test."));
        assertThat(Set.copyOf(askedNames)).as("a different pattern per query").hasSizeGreaterThan(10);
        awaitTrue("every echo in the other case counted", () -> mismatches(resolver).wrongCase() == 20);
        assertThat(mismatches(resolver).spoofed()).isEqualTo(20);
    }

    @Test
    void withoutMixedCaseNamesQueriesGoAsGivenAndACaseChangeIsAccepted() throws Exception {
        List<String> askedNames = new CopyOnWriteArrayList<>();
        FakeUdpDnsServer server = closedAfter(new FakeUdpDnsServer((dns, received) -> {
            Message query = received.query();
            askedNames.add(query.getQuestion().getName().toString());
            Message uppercased = FakeUdpDnsServer.answer(query, "127.0.0.2");
            uppercased.removeAllRecords(Section.QUESTION);
            uppercased.addRecord(Record.newRecord(Name.fromConstantString("MIXEDCASE.ZONE.TEST."), Type.A, DClass.IN), Section.QUESTION);
            dns.reply(uppercased, received.from());
        }));
        UdpResolver resolver = resolver(UdpTransportSettings.DEFAULTS, Duration.ofSeconds(5), server.address());

        assertThat(address(ask(resolver, "mixedcase.zone.test."))).isEqualTo("127.0.0.2");

        assertThat(askedNames).containsExactly("mixedcase.zone.test.");
        assertThat(mismatches(resolver).spoofed()).isZero();
    }

    private static Name swapCase(Name name) {
        StringBuilder swapped = new StringBuilder();
        for (char c : name.toString().toCharArray()) {
            swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return Name.fromConstantString(swapped.toString());
    }

    private static void send(DatagramChannel from, Message message, SocketAddress to) {
        try {
            from.send(ByteBuffer.wrap(message.toWire()), to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
