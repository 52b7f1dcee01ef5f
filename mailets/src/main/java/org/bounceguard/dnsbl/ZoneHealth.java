package org.bounceguard.dnsbl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.bounceguard.net.DomainNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zones an engine knows and their health: counters, RFC 5782 probes, refusal codes, and who
 * disabled a zone (the health check or an operator). A disabled zone is left out of every verdict.
 */
final class ZoneHealth implements AutoCloseable {
    /** Logged under the engine's name: operators follow one logger for the DNSBL engine. */
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblEngine.class);

    /** Asks one name, bypassing the cache: how probes reach DNS. */
    private final Function<String, CompletableFuture<ZoneAnswer>> ask;
    private final Clock clock;
    private final Duration probeInterval;
    private final int refusalsToDisable;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final AtomicInteger zoneIds = new AtomicInteger();
    private final Map<String, ZoneState> zones = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> probeTask;

    /** @param scheduler runs the periodic probes; null: a daemon thread of its own, shut down on {@link #close} */
    ZoneHealth(Function<String, CompletableFuture<ZoneAnswer>> ask, Clock clock, Duration probeInterval, int refusalsToDisable,
               ScheduledExecutorService scheduler) {
        this.ask = ask;
        this.clock = clock;
        this.probeInterval = probeInterval;
        this.refusalsToDisable = refusalsToDisable;
        this.ownsScheduler = scheduler == null;
        this.scheduler = ownsScheduler ? Executors.newSingleThreadScheduledExecutor(DnsblEngine.daemon("bounceguard-dnsbl-health")) : scheduler;
    }

    /** The zone a spec names, known from now on. */
    ZoneState state(ZoneSpec spec) {
        ZoneState known = zones.get(spec.zone());
        // a plain read first: every check asks, and computeIfAbsent would allocate its function each time
        ZoneState state = known != null ? known
            : zones.computeIfAbsent(spec.zone(), zone -> new ZoneState(zoneIds.getAndIncrement(), zone, spec.dnsZone(), spec.kind()));
        if (!state.dnsZone.equals(spec.dnsZone())) {
            throw new IllegalArgumentException("two different zones are named '" + spec.zone() + "'; display names must be unique");
        }
        return state;
    }

    Optional<ZoneStatus> status(String zone) {
        return Optional.ofNullable(zones.get(DomainNames.fold(zone))).map(ZoneState::status);
    }

    List<ZoneStatus> statuses() {
        return zones.values().stream().map(ZoneState::status).sorted(Comparator.comparing(ZoneStatus::zone)).toList();
    }

    // ---------------------------------------------------------------- what mail's look-ups report

    /** A zone answered (listed or not): its run of refusals is over. */
    void answered(ZoneState state) {
        state.consecutiveRefusals.set(0);
    }

    /** A zone failed a mail's look-up; refusal codes, repeated, disable it. */
    void failed(ZoneState state, ZoneFailure failure) {
        state.errors.increment();
        if (failure.kind == ErrorKind.TIMEOUT) {
            state.timeouts.increment();
        }
        if (failure.kind == ErrorKind.REFUSED_BY_LIST) {
            state.refusals.increment();
            if (state.consecutiveRefusals.incrementAndGet() >= refusalsToDisable) {
                disableByHealthCheck(state, "answered with refusal codes (127.255.255.252-255) " + refusalsToDisable
                    + " times in a row: the list refuses our queries (public resolver? over quota?)");
            }
        } else {
            state.consecutiveRefusals.set(0);
        }
    }

    /** A zone gave no answer within a verdict's deadline. */
    void missedDeadline(ZoneState state) {
        state.timeouts.increment();
        state.errors.increment();
    }

    // ---------------------------------------------------------------- probes

    /** Starts monitoring these zones: each is probed now, then every probe interval. */
    void watch(Collection<ZoneSpec> specs) {
        for (ZoneSpec spec : specs) {
            ZoneState state = state(spec);
            if (spec.healthProbes() && watched.add(state.zone)) {
                probe(state);
            }
        }
        if (!probeInterval.isZero() && probeTask == null) {
            synchronized (this) {
                if (probeTask == null) {
                    long period = probeInterval.toMillis();
                    probeTask = scheduler.scheduleWithFixedDelay(this::probeAll, period, period, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void probeAll() {
        watched.forEach(zone -> Optional.ofNullable(zones.get(zone)).ifPresent(this::probe));
    }

    /** Probes a zone's RFC 5782 test points now (bypassing the cache) and returns its status afterwards. */
    CompletableFuture<ZoneStatus> probe(String zone) {
        ZoneState state = zones.get(DomainNames.fold(zone));
        if (state == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("zone " + zone + " is not in use"));
        }
        return probe(state);
    }

    /**
     * Asks every RFC 5782 test point of the zone at once: for IP zones 127.0.0.2 (listed) and
     * 127.0.0.1 (never listed), and their IPv6 forms ::FFFF:7F00:2 and ::FFFF:7F00:1, which check
     * the zone's IPv6 half; for domain zones {@code test} and {@code invalid}.
     */
    private CompletableFuture<ZoneStatus> probe(ZoneState state) {
        List<TestPoint> points = TestPoint.of(state.kind);
        List<CompletableFuture<Outcome>> answers = points.stream().map(point -> probeQuery(point.queryName(state.dnsZone))).toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            Map<TestPoint, Outcome> outcomes = new LinkedHashMap<>();
            for (int i = 0; i < points.size(); i++) {
                outcomes.put(points.get(i), answers.get(i).join());
            }
            state.probed(clock.instant(), state.redact(evaluateProbe(state, outcomes)));
            return state.status();
        }).exceptionally(failure -> {
            state.probed(clock.instant(), state.redact("probe failed: " + failure));
            return state.status();
        });
    }

    private CompletableFuture<Outcome> probeQuery(String name) {
        return ask.apply(name).handle((answer, failure) -> failure == null ? Outcome.answered(answer, false) : Outcome.failed(ZoneFailure.of(failure)));
    }

    private String evaluateProbe(ZoneState state, Map<TestPoint, Outcome> outcomes) {
        for (Map.Entry<TestPoint, Outcome> entry : outcomes.entrySet()) {
            Outcome outcome = entry.getValue();
            if (!entry.getKey().listed() && outcome.answer() != null && outcome.answer().listed()) {
                String reason = "lists " + entry.getKey().shownAs() + ", the RFC 5782 test point that must never be listed: a wildcard or broken list";
                disableByHealthCheck(state, reason);
                return reason;
            }
        }
        if (outcomes.values().stream().anyMatch(Outcome::isRefusal)) {
            state.refusals.increment();
            if (state.consecutiveRefusals.incrementAndGet() >= refusalsToDisable) {
                disableByHealthCheck(state, "answers health probes with refusal codes (127.255.255.252-255)");
            }
            return "test points answered with refusal codes";
        }
        // the IPv4 (or domain) points decide; a list without IPv6 data is still healthy
        List<String> notes = new ArrayList<>();
        for (Map.Entry<TestPoint, Outcome> entry : outcomes.entrySet()) {
            TestPoint point = entry.getKey();
            Outcome outcome = entry.getValue();
            if (outcome.failure() != null && !point.ipv6()) {
                return "probe failed: " + point.shownAs() + " " + outcome.failure().kind + " " + outcome.failure().getMessage();
            }
            if (outcome.failure() != null) {
                notes.add("IPv6 test point " + point.shownAs() + " failed: " + outcome.failure().kind);
            } else if (point.listed() && !outcome.answer().listed()) {
                notes.add((point.ipv6() ? "IPv6 " : "") + "test point " + point.shownAs() + " is not listed");
            }
        }
        state.consecutiveRefusals.set(0);
        if (state.enable(ZoneState.DisabledBy.HEALTH_CHECK)) {
            LOGGER.warn("DNSBL zone {} re-enabled: its health probe is good again", state.zone);
        }
        return notes.isEmpty() ? "healthy" : "healthy, but " + String.join("; ", notes);
    }

    /** An RFC 5782 test point: the address or name as shown, and whether a sound list lists it. */
    private record TestPoint(String shownAs, String prefix, boolean listed, boolean ipv6) {
        private static final List<TestPoint> IP = List.of(
            new TestPoint("127.0.0.2", "2.0.0.127", true, false),
            new TestPoint("127.0.0.1", "1.0.0.127", false, false),
            new TestPoint("::FFFF:7F00:2", QueryNames.nibbles(ipv4Mapped(2)), true, true),
            new TestPoint("::FFFF:7F00:1", QueryNames.nibbles(ipv4Mapped(1)), false, true));
        private static final List<TestPoint> DOMAIN = List.of(
            new TestPoint("'test'", "test", true, false),
            new TestPoint("'invalid'", "invalid", false, false));

        static List<TestPoint> of(ZoneKind kind) {
            return kind == ZoneKind.CLIENT_IP ? IP : DOMAIN;
        }

        String queryName(String dnsZone) {
            return prefix + "." + dnsZone;
        }

        private static byte[] ipv4Mapped(int last) {
            byte[] address = new byte[16];
            address[10] = (byte) 0xFF;
            address[11] = (byte) 0xFF;
            address[12] = 127;
            address[15] = (byte) last;
            return address;
        }
    }

    private void disableByHealthCheck(ZoneState state, String reason) {
        if (state.disable(ZoneState.DisabledBy.HEALTH_CHECK, reason)) {
            LOGGER.warn("DNSBL zone {} disabled: {}", state.zone, reason);
        }
    }

    // ---------------------------------------------------------------- an operator's decisions

    /** Takes a zone out of every verdict until {@link #enable}; health probes do not undo it. */
    void disable(String zone, String reason) {
        ZoneState state = known(zone);
        if (state.disable(ZoneState.DisabledBy.OPERATOR, reason)) {
            LOGGER.warn("DNSBL zone {} disabled by an operator: {}", state.zone, reason);
        }
    }

    void enable(String zone) {
        ZoneState state = known(zone);
        if (state.enable(ZoneState.DisabledBy.OPERATOR)) {
            LOGGER.warn("DNSBL zone {} enabled by an operator", state.zone);
        }
    }

    private ZoneState known(String zone) {
        ZoneState state = zones.get(DomainNames.fold(zone));
        if (state == null) {
            throw new IllegalArgumentException("zone " + zone + " is not in use");
        }
        return state;
    }

    @Override
    public void close() {
        ScheduledFuture<?> task = probeTask;
        if (task != null) {
            task.cancel(false);
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }
}
