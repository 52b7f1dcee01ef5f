package org.bounceguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import com.google.common.base.Ticker;

/** RFC 5452 for {@link UdpResolver}: source ports drawn and rotated, forged answers dropped and counted. */
class UdpSourcePortsTest {
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

    private static Message query(String name) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
    }

    private static String address(Message answer) {
        return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
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
        assertThat(resolver.openPorts().get(0)).as("the pool's port and the retired one").isEqualTo(2);
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
