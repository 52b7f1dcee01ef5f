package org.bounceguard.dnsbl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.bounceguard.net.DomainNames;
import org.bounceguard.net.IpRanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Parallel, cached, health-checked DNSBL look-ups. One engine per mail server: every check of
 * every mail shares its cache, its coalescing of identical queries and its view of each zone's
 * health.
 *
 * <p>{@link #check} never blocks and never fails: every zone of a mail is asked at once through
 * an asynchronous dnsjava {@link Resolver} (by default Bounceguard's own {@link UdpResolver}, closed with the engine), zones that have not answered by the deadline count as not
 * listed, and DNS trouble (timeouts, SERVFAIL, an unreachable server, refusal codes, answers
 * outside 127.0.0.0/8) is reported as errors, never as listings.
 */
public final class DnsblEngine implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblEngine.class);

    private final Resolver resolver;
    private final boolean ownsResolver;
    private final Duration deadline;
    private final long minTtlNanos;
    private final long maxTtlNanos;
    private final long negativeTtlNanos;
    private final Duration healthProbeInterval;
    private final int refusalsToDisable;
    private final boolean skipPrivate;
    private final boolean skipLoopback;
    private final IpRanges trustedNetworks;
    private final boolean fetchTxt;
    private final Ticker ticker;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ExecutorService callbacks;
    /** Where answers are handled: see the constructor. */
    private final Executor answerExecutor;

    /** Keys: a Long (zone id, IPv4 client) for the common case, else the query name: small entries. */
    private final Cache<Object, ZoneAnswer> cache;
    private final Map<Object, CompletableFuture<ZoneAnswer>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger zoneIds = new AtomicInteger();
    private final Map<String, ZoneState> zones = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile ScheduledFuture<?> healthTask;

    private DnsblEngine(Builder builder) {
        this.ownsResolver = builder.resolver == null;
        this.resolver = ownsResolver ? systemOrListedResolver(builder) : builder.resolver;
        this.deadline = builder.deadline;
        this.minTtlNanos = builder.minTtl.toNanos();
        this.maxTtlNanos = builder.maxTtl.toNanos();
        this.negativeTtlNanos = builder.negativeTtl.toNanos();
        this.healthProbeInterval = builder.healthProbeInterval;
        this.refusalsToDisable = builder.refusalsToDisable;
        this.skipPrivate = builder.skipPrivate;
        this.skipLoopback = builder.skipLoopback;
        this.trustedNetworks = builder.trustedNetworks;
        this.fetchTxt = builder.fetchTxt;
        this.ticker = builder.ticker;
        this.clock = builder.clock;
        this.ownsScheduler = builder.scheduler == null;
        this.scheduler = ownsScheduler ? Executors.newSingleThreadScheduledExecutor(daemon("bounceguard-dnsbl-health")) : builder.scheduler;
        this.callbacks = Executors.newFixedThreadPool(2, daemon("bounceguard-dnsbl"));
        // UdpResolver's reader threads are the engine's own and what follows an answer (parse, cache,
        // completing the verdict) never blocks: handled right there, each answer saves a thread
        // hand-off. Another resolver's threads are not ours to hold up.
        this.answerExecutor = resolver instanceof UdpResolver ? Runnable::run : callbacks;
        // entries carry their own expiry (the answer's TTL), checked on read: no second expiry queue
        this.cache = CacheBuilder.newBuilder()
            .maximumSize(builder.cacheMaximumSize)
            .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- checks

    public CompletableFuture<Verdict> check(DnsblQuery query, List<ZoneSpec> specs) {
        return check(query, specs, deadline);
    }

    public CompletableFuture<Verdict> check(DnsblQuery query, List<ZoneSpec> specs, Duration deadline) {
        try {
            Optional<String> skip = query.clientAddress().flatMap(this::skipReason);
            Map<Object, Group> groups = new LinkedHashMap<>();
            boolean askedAboutClient = false;
            for (ZoneSpec spec : specs) {
                if (spec.safeMode() && !query.bounce()) {
                    continue;
                }
                askedAboutClient |= spec.kind() == ZoneKind.CLIENT_IP;
                Object cacheKey = cacheKey(spec, query, skip);
                if (cacheKey != null) {
                    groups.computeIfAbsent(cacheKey, key -> new Group(state(spec), spec, query, key, new ArrayList<>())).specs.add(spec);
                }
            }
            Optional<String> skipped = askedAboutClient ? skip : Optional.empty();
            if (groups.isEmpty()) {
                return CompletableFuture.completedFuture(new Verdict(List.of(), List.of(), skipped));
            }
            List<Group> asked = List.copyOf(groups.values());
            Verdict cached = allCached(asked, skipped);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
            List<CompletableFuture<Outcome>> outcomes = asked.stream()
                .map(group -> lookup(group.state, group::queryName, group.cacheKey, group.firstSpec.timeout()))
                .toList();
            return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, deadline.toNanos(), TimeUnit.NANOSECONDS)
                .handle((ignored, failure) -> assemble(asked, outcomes, skipped));
        } catch (RuntimeException e) {
            LOGGER.warn("DNSBL check failed; treating as not listed", e);
            return CompletableFuture.completedFuture(Verdict.empty());
        }
    }

    /**
     * Starts the look-ups a {@link #check} of {@code query} would make, and returns at once: the
     * answers land in the cache (or stay in flight, shared) for the check that follows. Counted as
     * a check is (queries, hits, misses, latency, failures); no verdict is assembled, nothing waits.
     */
    public void prefetch(DnsblQuery query, List<ZoneSpec> specs) {
        try {
            Optional<String> skip = query.clientAddress().flatMap(this::skipReason);
            Set<Object> asked = new java.util.HashSet<>(specs.size() * 2);
            for (ZoneSpec spec : specs) {
                if (spec.safeMode() && !query.bounce()) {
                    continue;
                }
                Object cacheKey = cacheKey(spec, query, skip);
                if (cacheKey != null && asked.add(cacheKey)) {
                    Group group = new Group(state(spec), spec, query, cacheKey, List.of(spec));
                    lookup(group.state, group::queryName, cacheKey, spec.timeout());
                }
            }
        } catch (RuntimeException e) {
            LOGGER.debug("DNSBL prefetch failed; the check will ask itself", e);
        }
    }

    /** Waits for {@link #check} (bounded by the deadline); for callers without an executor of their own. */
    public Verdict checkBlocking(DnsblQuery query, List<ZoneSpec> specs) {
        return checkBlocking(query, specs, deadline);
    }

    /**
     * Waits for {@link #check(DnsblQuery, List, Duration)}, at most a second past {@code deadline}.
     * Fail open: whatever goes wrong, the answer is "not listed", so that DNS trouble never sends a
     * mail to James's error repository.
     */
    public Verdict checkBlocking(DnsblQuery query, List<ZoneSpec> specs, Duration deadline) {
        try {
            return check(query, specs, deadline).get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.warn("DNSBL check interrupted; treating as not listed");
            return Verdict.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOGGER.warn("DNSBL check failed; treating as not listed", e);
            return Verdict.empty();
        }
    }

    /** The deadline checks use unless they name their own. */
    public Duration deadline() {
        return deadline;
    }

    /** One DNS question of a check: a zone and a client or domain, and the specs it answers. */
    private record Group(ZoneState state, ZoneSpec firstSpec, DnsblQuery query, Object cacheKey, List<ZoneSpec> specs) {
        /** Built only when the cache cannot answer: the warm path never formats a name. */
        String queryName() {
            return cacheKey instanceof String name ? name
                : QueryNames.forAddress(query.clientAddress().orElseThrow(), firstSpec.dnsZone());
        }
    }

    /**
     * The warm path: when every zone is enabled and has a fresh cached answer, the verdict is made
     * right here, without futures. Null when any answer is missing (nothing is counted then).
     */
    private Verdict allCached(List<Group> groups, Optional<String> skipped) {
        long now = ticker.read();
        Outcome[] outcomes = new Outcome[groups.size()];
        for (int i = 0; i < outcomes.length; i++) {
            Group group = groups.get(i);
            ZoneAnswer answer = group.state.enabled() ? cache.getIfPresent(group.cacheKey) : null;
            if (answer == null || answer.expiresAtNanos() - now <= 0) {
                return null;
            }
            outcomes[i] = new Outcome(answer, null);
        }
        for (int i = 0; i < outcomes.length; i++) {
            ZoneState state = groups.get(i).state;
            state.queries.increment();
            hits.increment();
            if (outcomes[i].answer.listed()) {
                state.listed.increment();
            }
        }
        return assemble(groups, index -> outcomes[index], skipped);
    }

    private Verdict assemble(List<Group> groups, List<CompletableFuture<Outcome>> outcomes, Optional<String> skipped) {
        return assemble(groups, index -> outcomes.get(index).getNow(null), skipped);
    }

    private Verdict assemble(List<Group> groups, java.util.function.IntFunction<Outcome> outcomeOf, Optional<String> skipped) {
        List<Listing> listings = new ArrayList<>();
        List<ZoneError> errors = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Group group = groups.get(i);
            Outcome outcome = outcomeOf.apply(i);
            if (outcome == null) {
                group.state.timeouts.increment();
                group.state.errors.increment();
                errors.add(new ZoneError(group.state.zone, ErrorKind.TIMEOUT, "no answer within the deadline"));
            } else if (outcome.failure != null) {
                errors.add(new ZoneError(group.state.zone, outcome.failure.kind, group.state.redact(outcome.failure.getMessage())));
            } else if (outcome.answer.listed()) {
                for (ZoneSpec spec : group.specs) {
                    List<String> matched = outcome.answer.codes().stream().filter(code -> spec.filter().matches(octets(code))).toList();
                    if (!matched.isEmpty()) {
                        listings.add(new Listing(spec, group.queryName(), matched, outcome.answer.reason().map(group.state::redact)));
                    }
                }
            }
        }
        return new Verdict(listings, errors, skipped);
    }

    private Optional<String> skipReason(InetAddress address) {
        InetAddress client = QueryNames.unmapped(address);
        if (skipLoopback && client.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (skipPrivate && QueryNames.isPrivate(client)) {
            return Optional.of("private");
        }
        if (trustedNetworks.contains(client)) {
            return Optional.of("trusted");
        }
        return Optional.empty();
    }

    /**
     * What identifies one question in the cache: for an IPv4 client (the bulk of the cache) one
     * long, zone id and address; otherwise the query name. Null when there is nothing to ask.
     */
    private Object cacheKey(ZoneSpec spec, DnsblQuery query, Optional<String> skip) {
        return switch (spec.kind()) {
            case CLIENT_IP -> {
                if (skip.isPresent() || query.clientAddress().isEmpty()) {
                    yield null;
                }
                InetAddress client = QueryNames.unmapped(query.clientAddress().get());
                byte[] address = client.getAddress();
                if (address.length != 4) {
                    yield QueryNames.forAddress(client, spec.dnsZone());
                }
                long ipv4 = ((address[0] & 0xFFL) << 24) | ((address[1] & 0xFFL) << 16) | ((address[2] & 0xFFL) << 8) | (address[3] & 0xFFL);
                yield ((long) state(spec).id << 32) | ipv4;
            }
            case SENDER_DOMAIN -> domainName(query.senderDomain(), spec.dnsZone()).orElse(null);
            case HELO_DOMAIN -> domainName(query.heloName(), spec.dnsZone()).orElse(null);
        };
    }

    private static Optional<String> domainName(Optional<String> domain, String zone) {
        return domain.flatMap(DomainNames::forLookup)
            .map(name -> name + "." + zone)
            .filter(name -> name.length() <= 253);
    }

    // ---------------------------------------------------------------- one zone, one name

    /** An answer or a failure; never an exception. */
    private record Outcome(ZoneAnswer answer, ZoneFailure failure) {
    }

    /** A zone's answer that is not a listing decision: counted as an error. */
    private static final class ZoneFailure extends RuntimeException {
        final ErrorKind kind;

        ZoneFailure(ErrorKind kind, String detail) {
            super(detail, null, false, false);
            this.kind = kind;
        }
    }

    private CompletableFuture<Outcome> lookup(ZoneState state, java.util.function.Supplier<String> queryName, Object cacheKey,
                                              Optional<Duration> zoneTimeout) {
        if (!state.enabled()) {
            return CompletableFuture.completedFuture(new Outcome(null,
                new ZoneFailure(ErrorKind.DISABLED, state.disabledReason().orElse("disabled"))));
        }
        state.queries.increment();
        ZoneAnswer cached = cache.getIfPresent(cacheKey);
        if (cached != null && cached.expiresAtNanos() - ticker.read() > 0) {
            hits.increment();
            if (cached.listed()) {
                state.listed.increment();
            }
            return CompletableFuture.completedFuture(new Outcome(cached, null));
        }
        misses.increment();
        long start = ticker.read();
        CompletableFuture<ZoneAnswer> answered = shared(queryName.get(), cacheKey);
        if (zoneTimeout.isPresent()) {
            // a dependent copy times out, not the shared exchange: its answer still reaches the cache
            answered = answered.thenApply(answer -> answer).orTimeout(zoneTimeout.get().toNanos(), TimeUnit.NANOSECONDS);
        }
        return answered.handle((answer, failure) -> {
            state.latency.record(ticker.read() - start);
            if (failure != null) {
                ZoneFailure zoneFailure = unwrap(failure) instanceof TimeoutException && zoneTimeout.isPresent()
                    ? new ZoneFailure(ErrorKind.TIMEOUT, "no answer within the zone's timeout of " + zoneTimeout.get().toMillis() + "ms")
                    : classify(failure);
                countFailure(state, zoneFailure);
                return new Outcome(null, zoneFailure);
            }
            state.consecutiveRefusals.set(0);
            if (answer.listed()) {
                state.listed.increment();
            }
            return new Outcome(answer, null);
        });
    }

    /** One DNS exchange per query name at a time, shared by every caller; answers land in the cache. */
    private CompletableFuture<ZoneAnswer> shared(String queryName, Object cacheKey) {
        CompletableFuture<ZoneAnswer> promise = new CompletableFuture<>();
        CompletableFuture<ZoneAnswer> existing = inFlight.putIfAbsent(cacheKey, promise);
        if (existing != null) {
            return existing;
        }
        resolve(queryName).whenComplete((answer, failure) -> {
            inFlight.remove(cacheKey, promise);
            if (failure != null) {
                promise.completeExceptionally(failure);
            } else {
                cache.put(cacheKey, answer);
                promise.complete(answer);
            }
        });
        return promise;
    }

    private CompletableFuture<ZoneAnswer> resolve(String queryName) {
        return send(queryName, Type.A).thenCompose(response -> {
            ZoneAnswer answer = parseA(response);
            if (!answer.listed() || !fetchTxt) {
                return CompletableFuture.completedFuture(answer);
            }
            return send(queryName, Type.TXT).handle((txt, failure) -> failure != null ? answer
                : new ZoneAnswer(answer.codes(), reason(txt), answer.expiresAtNanos()));
        });
    }

    private CompletableFuture<Message> send(String queryName, int type) {
        if (resolver instanceof UdpResolver udp) {
            return udp.sendAsync(queryName, type, answerExecutor).toCompletableFuture();
        }
        try {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(queryName, Name.root), type, DClass.IN));
            return resolver.sendAsync(query, answerExecutor).toCompletableFuture();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ZoneAnswer parseA(Message response) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new ZoneAnswer(ZoneAnswer.NOT_LISTED, Optional.empty(), ticker.read() + negativeTtl(response));
        }
        if (rcode != Rcode.NOERROR) {
            throw new ZoneFailure(ErrorKind.SERVFAIL, Rcode.string(rcode));
        }
        List<String> codes = new ArrayList<>();
        long ttlSeconds = Long.MAX_VALUE;
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                byte[] octets = a.getAddress().getAddress();
                String code = a.getAddress().getHostAddress();
                if ((octets[0] & 0xFF) != 127) {
                    throw new ZoneFailure(ErrorKind.BAD_ANSWER, "answer " + code + " is outside 127.0.0.0/8");
                }
                if ((octets[1] & 0xFF) == 255 && (octets[2] & 0xFF) == 255 && (octets[3] & 0xFF) >= 252) {
                    throw new ZoneFailure(ErrorKind.REFUSED_BY_LIST, "answer " + code + " means the list refuses this query");
                }
                codes.add(code);
                ttlSeconds = Math.min(ttlSeconds, a.getTTL());
            }
        }
        if (codes.isEmpty()) {
            return new ZoneAnswer(ZoneAnswer.NOT_LISTED, Optional.empty(), ticker.read() + negativeTtl(response));
        }
        return new ZoneAnswer(codes, Optional.empty(), ticker.read() + clamp(TimeUnit.SECONDS.toNanos(ttlSeconds)));
    }

    /** RFC 2308: the SOA's minimum (bounded by its own TTL), else the configured default. */
    private long negativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return clamp(TimeUnit.SECONDS.toNanos(Math.min(soa.getTTL(), soa.getMinimum())));
            }
        }
        return negativeTtlNanos;
    }

    private long clamp(long nanos) {
        return Math.max(minTtlNanos, Math.min(maxTtlNanos, nanos));
    }

    private static Optional<String> reason(Message txt) {
        StringBuilder text = new StringBuilder();
        for (Record record : txt.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txtRecord) {
                txtRecord.getStrings().forEach(text::append);
                break;
            }
        }
        return text.length() == 0 ? Optional.empty() : Optional.of(text.length() > 512 ? text.substring(0, 512) : text.toString());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ZoneFailure classify(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ZoneFailure zoneFailure) {
            return zoneFailure;
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
            || (cause instanceof IOException && String.valueOf(cause.getMessage()).toLowerCase().contains("timed out"))) {
            return new ZoneFailure(ErrorKind.TIMEOUT, String.valueOf(cause.getMessage()));
        }
        if (cause instanceof PortUnreachableException || cause instanceof IOException) {
            return new ZoneFailure(ErrorKind.NETWORK, cause.toString());
        }
        return new ZoneFailure(ErrorKind.SERVFAIL, cause.toString());
    }

    private void countFailure(ZoneState state, ZoneFailure failure) {
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

    // ---------------------------------------------------------------- an operator's look-up

    /**
     * Every client-IP zone's answer about one address, for an operator: the cached answer when
     * there is a fresh one and {@code fresh} is false, else a query now (whose answer refreshes the
     * cache). Safe-mode zones are asked too. Counters are left alone: this is not mail.
     */
    public CompletableFuture<List<ZoneLookup>> inspect(InetAddress address, List<ZoneSpec> specs, boolean fresh) {
        InetAddress client = QueryNames.unmapped(address);
        Map<String, ZoneSpec> byZone = new LinkedHashMap<>();
        specs.stream().filter(spec -> spec.kind() == ZoneKind.CLIENT_IP).forEach(spec -> byZone.putIfAbsent(spec.zone(), spec));
        List<CompletableFuture<ZoneLookup>> lookups = new ArrayList<>();
        for (ZoneSpec first : byZone.values()) {
            List<ZoneSpec> sameZone = specs.stream().filter(spec -> spec.zone().equals(first.zone())).toList();
            lookups.add(inspect(client, state(first), sameZone, fresh));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
            .thenApply(ignored -> lookups.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<ZoneLookup> inspect(InetAddress client, ZoneState state, List<ZoneSpec> specs, boolean fresh) {
        ZoneSpec first = specs.get(0);
        if (!state.enabled()) {
            return CompletableFuture.completedFuture(new ZoneLookup(state.zone, first.safeMode(), 0, List.of(), false, Optional.empty(),
                false, Optional.of(ErrorKind.DISABLED), state.disabledReason()));
        }
        Object cacheKey = cacheKey(first, DnsblQuery.client(client), Optional.empty());
        ZoneAnswer cached = fresh ? null : cache.getIfPresent(cacheKey);
        if (cached != null && cached.expiresAtNanos() - ticker.read() > 0) {
            return CompletableFuture.completedFuture(lookup(state, specs, cached, true));
        }
        String queryName = QueryNames.forAddress(client, first.dnsZone());
        return resolve(queryName).handle((answer, failure) -> {
            if (failure != null) {
                ZoneFailure zoneFailure = classify(failure);
                return new ZoneLookup(state.zone, first.safeMode(), 0, List.of(), false, Optional.empty(), false,
                    Optional.of(zoneFailure.kind), Optional.ofNullable(state.redact(zoneFailure.getMessage())));
            }
            cache.put(cacheKey, answer);
            return lookup(state, specs, answer, false);
        });
    }

    private static ZoneLookup lookup(ZoneState state, List<ZoneSpec> specs, ZoneAnswer answer, boolean cached) {
        List<ZoneSpec> matching = specs.stream()
            .filter(spec -> answer.codes().stream().anyMatch(code -> spec.filter().matches(octets(code))))
            .toList();
        return new ZoneLookup(state.zone, specs.get(0).safeMode(), matching.stream().mapToInt(ZoneSpec::weight).sum(), answer.codes(),
            !matching.isEmpty(), answer.reason().map(state::redact),
            cached, Optional.empty(), Optional.empty());
    }

    // ---------------------------------------------------------------- health

    /** Starts monitoring these zones: each is probed now, then every health probe interval. */
    public void watch(Collection<ZoneSpec> specs) {
        for (ZoneSpec spec : specs) {
            ZoneState state = state(spec);
            if (spec.healthProbes() && watched.add(state.zone)) {
                probe(state);
            }
        }
        if (!healthProbeInterval.isZero() && healthTask == null) {
            synchronized (this) {
                if (healthTask == null) {
                    long period = healthProbeInterval.toMillis();
                    healthTask = scheduler.scheduleWithFixedDelay(this::probeAll, period, period, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void probeAll() {
        watched.forEach(zone -> Optional.ofNullable(zones.get(zone)).ifPresent(this::probe));
    }

    /** Probes a zone's RFC 5782 test points now (bypassing the cache) and returns its status afterwards. */
    public CompletableFuture<ZoneStatus> probe(String zone) {
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
        return resolve(name).handle((answer, failure) -> failure == null ? new Outcome(answer, null) : new Outcome(null, classify(failure)));
    }

    private String evaluateProbe(ZoneState state, Map<TestPoint, Outcome> outcomes) {
        for (Map.Entry<TestPoint, Outcome> entry : outcomes.entrySet()) {
            Outcome outcome = entry.getValue();
            if (!entry.getKey().listed() && outcome.answer != null && outcome.answer.listed()) {
                String reason = "lists " + entry.getKey().shownAs() + ", the RFC 5782 test point that must never be listed: a wildcard or broken list";
                disableByHealthCheck(state, reason);
                return reason;
            }
        }
        if (outcomes.values().stream().anyMatch(DnsblEngine::isRefusal)) {
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
            if (outcome.failure != null && !point.ipv6()) {
                return "probe failed: " + point.shownAs() + " " + outcome.failure.kind + " " + outcome.failure.getMessage();
            }
            if (outcome.failure != null) {
                notes.add("IPv6 test point " + point.shownAs() + " failed: " + outcome.failure.kind);
            } else if (point.listed() && !outcome.answer.listed()) {
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

    private static boolean isRefusal(Outcome outcome) {
        return outcome.failure != null && outcome.failure.kind == ErrorKind.REFUSED_BY_LIST;
    }

    private void disableByHealthCheck(ZoneState state, String reason) {
        if (state.disable(ZoneState.DisabledBy.HEALTH_CHECK, reason)) {
            LOGGER.warn("DNSBL zone {} disabled: {}", state.zone, reason);
        }
    }

    /** Takes a zone out of every verdict until {@link #enable}; health probes do not undo it. */
    public void disable(String zone, String reason) {
        ZoneState state = known(zone);
        if (state.disable(ZoneState.DisabledBy.OPERATOR, reason)) {
            LOGGER.warn("DNSBL zone {} disabled by an operator: {}", state.zone, reason);
        }
    }

    public void enable(String zone) {
        ZoneState state = known(zone);
        if (state.enable(ZoneState.DisabledBy.OPERATOR)) {
            LOGGER.warn("DNSBL zone {} enabled by an operator", state.zone);
        }
    }

    // ---------------------------------------------------------------- state and statistics

    public Optional<ZoneStatus> zoneStatus(String zone) {
        return Optional.ofNullable(zones.get(DomainNames.fold(zone))).map(ZoneState::status);
    }

    public List<ZoneStatus> zoneStatuses() {
        return zones.values().stream().map(ZoneState::status).sorted(Comparator.comparing(ZoneStatus::zone)).toList();
    }

    public EngineStats stats() {
        long hitCount = hits.sum();
        long missCount = misses.sum();
        long total = hitCount + missCount;
        return new EngineStats(cache.size(), hitCount, missCount, total == 0 ? 0.0 : (double) hitCount / total, inFlight.size());
    }

    /**
     * Per DNS server, the datagrams that answered no query of ours (spoofing attempts, late
     * answers); empty unless the engine asks through {@link UdpResolver}.
     */
    public List<AnswerMismatches> answerMismatches() {
        return resolver instanceof UdpResolver udp ? udp.mismatches() : List.of();
    }

    public void flushCache() {
        cache.invalidateAll();
    }

    @Override
    public void close() {
        ScheduledFuture<?> task = healthTask;
        if (task != null) {
            task.cancel(false);
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
        callbacks.shutdownNow();
        if (ownsResolver && resolver instanceof AutoCloseable closeable) {
            try {
                closeable.close(); // its channels and reader threads
            } catch (Exception e) {
                LOGGER.debug("Closing the DNS resolver failed", e);
            }
        }
    }

    private ZoneState state(ZoneSpec spec) {
        ZoneState state = zones.computeIfAbsent(spec.zone(), zone -> new ZoneState(zoneIds.getAndIncrement(), zone, spec.dnsZone(), spec.kind()));
        if (!state.dnsZone.equals(spec.dnsZone())) {
            throw new IllegalArgumentException("two different zones are named '" + spec.zone() + "'; display names must be unique");
        }
        return state;
    }

    private ZoneState known(String zone) {
        ZoneState state = zones.get(DomainNames.fold(zone));
        if (state == null) {
            throw new IllegalArgumentException("zone " + zone + " is not in use");
        }
        return state;
    }

    private static byte[] octets(String code) {
        String[] parts = code.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4 && i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Resolver systemOrListedResolver(Builder builder) {
        try {
            return DnsResolvers.of(builder.servers, builder.queryTimeout, builder.udpTransport);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot set up the DNS resolver: " + e.getMessage(), e);
        }
    }

    /** Settings of an engine; every one has a default. */
    public static final class Builder {
        private Resolver resolver;
        private List<InetSocketAddress> servers = List.of();
        private Duration queryTimeout = Duration.ofSeconds(1);
        private UdpTransportSettings udpTransport = UdpTransportSettings.DEFAULTS;
        private Duration deadline = Duration.ofSeconds(2);
        private long cacheMaximumSize = 100_000;
        private Duration minTtl = Duration.ofSeconds(60);
        private Duration maxTtl = Duration.ofHours(1);
        private Duration negativeTtl = Duration.ofMinutes(5);
        private Duration healthProbeInterval = Duration.ofMinutes(5);
        private int refusalsToDisable = 3;
        private boolean skipPrivate = true;
        private boolean skipLoopback = true;
        private IpRanges trustedNetworks = IpRanges.NONE;
        private boolean fetchTxt = true;
        private Ticker ticker = Ticker.systemTicker();
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService scheduler;

        private Builder() {
        }

        /** A resolver to use as is (its own timeouts apply); overrides {@link #servers}. */
        public Builder resolver(Resolver resolver) {
            this.resolver = resolver;
            return this;
        }

        /** DNS servers to ask; empty means the system's resolvers. */
        public Builder servers(List<InetSocketAddress> servers) {
            this.servers = List.copyOf(servers);
            return this;
        }

        public Builder queryTimeout(Duration value) {
            this.queryTimeout = positive("queryTimeout", value);
            return this;
        }

        /** Source-port pool, rotation and 0x20 names of the engine's own resolver (not of one given to {@link #resolver}). */
        public Builder udpTransport(UdpTransportSettings value) {
            this.udpTransport = java.util.Objects.requireNonNull(value, "udpTransport");
            return this;
        }

        public Builder deadline(Duration value) {
            this.deadline = positive("deadline", value);
            return this;
        }

        public Builder cacheMaximumSize(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("cacheMaximumSize must not be negative");
            }
            this.cacheMaximumSize = value;
            return this;
        }

        public Builder minTtl(Duration value) {
            this.minTtl = value;
            return this;
        }

        public Builder maxTtl(Duration value) {
            this.maxTtl = positive("maxTtl", value);
            return this;
        }

        public Builder negativeTtl(Duration value) {
            this.negativeTtl = value;
            return this;
        }

        /** How often watched zones are probed; {@link Duration#ZERO} turns periodic probes off. */
        public Builder healthProbeInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("healthProbeInterval must not be negative");
            }
            this.healthProbeInterval = value;
            return this;
        }

        public Builder refusalsToDisable(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("refusalsToDisable must be at least 1");
            }
            this.refusalsToDisable = value;
            return this;
        }

        public Builder skipPrivate(boolean value) {
            this.skipPrivate = value;
            return this;
        }

        public Builder skipLoopback(boolean value) {
            this.skipLoopback = value;
            return this;
        }

        /** CIDRs never looked up in IP zones; an invalid entry is refused by name. */
        public Builder trustedNetworks(List<String> cidrs) {
            this.trustedNetworks = IpRanges.parse(String.join(",", cidrs));
            return this;
        }

        public Builder fetchTxt(boolean value) {
            this.fetchTxt = value;
            return this;
        }

        public Builder ticker(Ticker value) {
            this.ticker = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        public DnsblEngine build() {
            if (minTtl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException("minTtl " + minTtl + " is longer than maxTtl " + maxTtl);
            }
            return new DnsblEngine(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
