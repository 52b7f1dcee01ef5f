package org.bounceguard.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

import org.bounceguard.dns.AnswerMismatches;
import org.bounceguard.dns.DnsClient;
import org.bounceguard.dns.DnsResolvers;
import org.bounceguard.dns.UdpTransportSettings;
import org.bounceguard.net.DomainNames;
import org.bounceguard.net.IpRanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Parallel, cached, health-checked DNSBL look-ups. One engine per mail server: every check of
 * every mail shares its cache, its coalescing of identical queries and its view of each zone's
 * health ({@link ZoneHealth}).
 *
 * <p>One way in, as in dnsjava's {@code LookupSession}: {@link #check} never blocks and never
 * fails, and {@link #checkBlocking} waits for it. Every zone of a check is asked at once through a
 * {@link DnsClient} (by default Bounceguard's own UDP client, closed with the engine); zones that
 * have not answered by the deadline count as not listed, and DNS trouble (timeouts, SERVFAIL, an
 * unreachable server, refusal codes, answers outside 127.0.0.0/8) is reported as typed errors,
 * never as listings.
 *
 * <p>Answers are cached in a Caffeine {@link AsyncCache} for their TTL (bounded by the minimum
 * and maximum TTL; NXDOMAIN for the SOA minimum or the negative TTL), on an injectable
 * {@link Ticker}. A question in flight is in that cache too, as its future: whoever asks the same
 * question meanwhile shares the one exchange. Failures are not cached.
 */
public final class DnsblEngine implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblEngine.class);
    /** Distinct answers kept for sharing: NXDOMAIN and each return-code set per zone TTL, with room to spare. */
    private static final int SHARED_ANSWERS = 1024;

    private final DnsClient dns;
    private final Duration deadline;
    private final long minTtlNanos;
    private final long maxTtlNanos;
    private final long negativeTtlNanos;
    private final boolean skipPrivate;
    private final boolean skipLoopback;
    private final IpRanges trustedNetworks;
    private final boolean fetchTxt;
    private final Ticker ticker;
    /** Hands a given dnsjava resolver's answers on; null with the engine's own client, which needs none. */
    private final ExecutorService callbacks;
    private final ZoneHealth health;

    /**
     * Keys: a Long (zone id, IPv4 client) for the common case, else the query name: small entries.
     * Values: an exchange's outcome, which never fails as a future (a failed future would be logged
     * by Caffeine); a failure outcome expires at once, so that failures are shared by whoever
     * waited for them but never cached.
     */
    private final AsyncCache<Object, Outcome> cache;
    /**
     * One completed future per distinct answer (return codes, reason, TTL), which every cache entry
     * with that answer holds: a million clients that are not listed cost a million keys and cache
     * nodes, not a million futures, outcomes and answers. Bounded; an answer it no longer holds
     * stays valid in the entries that hold it, only later equal answers get a new instance.
     */
    private final Cache<ZoneAnswer, CompletableFuture<Outcome>> sharedAnswers = Caffeine.newBuilder()
        .maximumSize(SHARED_ANSWERS)
        .executor(Runnable::run)
        .build();
    private final AtomicInteger exchangesInFlight = new AtomicInteger();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private DnsblEngine(Builder builder) {
        this.callbacks = builder.resolver == null ? null : Executors.newFixedThreadPool(2, daemon("bounceguard-dnsbl"));
        this.dns = builder.resolver == null ? ownClient(builder) : DnsClient.over(builder.resolver, callbacks);
        this.deadline = builder.deadline;
        this.minTtlNanos = builder.minTtl.toNanos();
        this.maxTtlNanos = builder.maxTtl.toNanos();
        this.negativeTtlNanos = builder.negativeTtl.toNanos();
        this.skipPrivate = builder.skipPrivate;
        this.skipLoopback = builder.skipLoopback;
        this.trustedNetworks = builder.trustedNetworks;
        this.fetchTxt = builder.fetchTxt;
        this.ticker = builder.ticker;
        this.health = new ZoneHealth(this::resolve, builder.clock, builder.healthProbeInterval, builder.refusalsToDisable, builder.scheduler);
        this.cache = Caffeine.newBuilder()
            .maximumSize(builder.cacheMaximumSize)
            .expireAfter(new AnswerTtl())
            .ticker(ticker)
            // upkeep runs on the thread that touches the cache: nothing of the engine's waits on a pool
            .executor(Runnable::run)
            .buildAsync();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An answer lives in the cache for its own (bounded) TTL, counted from its arrival; a failure not at all. */
    private static final class AnswerTtl implements Expiry<Object, Outcome> {
        @Override
        public long expireAfterCreate(Object key, Outcome outcome, long currentTime) {
            return outcome.answer() == null ? 0 : outcome.answer().ttlNanos();
        }

        @Override
        public long expireAfterUpdate(Object key, Outcome outcome, long currentTime, long currentDuration) {
            return expireAfterCreate(key, outcome, currentTime);
        }

        @Override
        public long expireAfterRead(Object key, Outcome outcome, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    // ---------------------------------------------------------------- checks

    /**
     * Asks the request's zones and completes with their verdict, at the latest at its deadline.
     * Never fails: whatever goes wrong is an error of the verdict, or an empty verdict. The
     * connect-time prefetch is this check with its verdict ignored: its answers land in the
     * cache, or stay in flight, for the mail's own check.
     */
    public CompletableFuture<DnsblVerdict> check(DnsblRequest request) {
        try {
            DnsblQuery query = request.query();
            Optional<String> skip = request.operator() ? Optional.empty() : query.clientAddress().flatMap(this::skipReason);
            InetAddress client = skip.isPresent() ? null : query.clientAddress().map(QueryNames::unmapped).orElse(null);
            long ipv4 = ipv4(client);
            // a handful of zones: a list searched for a repeated question costs less than a map
            List<Group> asked = new ArrayList<>(request.zones().size());
            boolean askedAboutClient = false;
            for (ZoneSpec spec : request.zones()) {
                if (spec.safeMode() && !query.bounce()) {
                    continue;
                }
                askedAboutClient |= spec.kind() == ZoneKind.CLIENT_IP;
                ZoneState state = health.state(spec);
                Object cacheKey = cacheKey(state, spec, query, client, ipv4);
                if (cacheKey != null) {
                    int same = indexOfKey(asked, cacheKey);
                    if (same < 0) {
                        asked.add(new Group(state, spec, query, cacheKey, List.of(spec)));
                    } else {
                        asked.set(same, asked.get(same).alsoAnswering(spec));
                    }
                }
            }
            Optional<String> skipped = askedAboutClient ? skip : Optional.empty();
            if (asked.isEmpty()) {
                return CompletableFuture.completedFuture(new DnsblVerdict(List.of(), List.of(), skipped));
            }
            if (!request.operator()) {
                DnsblVerdict cached = allCached(asked, skipped);
                if (cached != null) {
                    return CompletableFuture.completedFuture(cached);
                }
            }
            List<CompletableFuture<Outcome>> outcomes = asked.stream().map(group -> query(group, request)).toList();
            return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, request.deadline().orElse(deadline).toNanos(), TimeUnit.NANOSECONDS)
                .handle((ignored, failure) -> assemble(asked, index -> outcomes.get(index).getNow(null), skipped, request.operator()));
        } catch (RuntimeException e) {
            LOGGER.warn("DNSBL check failed; treating as not listed", e);
            return CompletableFuture.completedFuture(DnsblVerdict.empty());
        }
    }

    /**
     * Waits for {@link #check}, at most a second past its deadline, for callers without an
     * executor of their own. Fail open: whatever goes wrong, the answer is "not listed", so that
     * DNS trouble never sends a mail to James's error repository.
     */
    public DnsblVerdict checkBlocking(DnsblRequest request) {
        Duration patience = request.deadline().orElse(deadline).plusSeconds(1);
        try {
            return check(request).get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.warn("DNSBL check interrupted; treating as not listed");
            return DnsblVerdict.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOGGER.warn("DNSBL check failed; treating as not listed", e);
            return DnsblVerdict.empty();
        }
    }

    /** One DNS question of a check: a zone and a client or domain, and the specs it answers. */
    private record Group(ZoneState state, ZoneSpec firstSpec, DnsblQuery query, Object cacheKey, List<ZoneSpec> specs) {
        /** The same question asked for one more spec (a zone named twice with different filters). */
        Group alsoAnswering(ZoneSpec spec) {
            List<ZoneSpec> more = new ArrayList<>(specs);
            more.add(spec);
            return new Group(state, firstSpec, query, cacheKey, List.copyOf(more));
        }

        /** Built only when the cache cannot answer: the warm path never formats a name. */
        String queryName() {
            return cacheKey instanceof String name ? name
                : QueryNames.forAddress(query.clientAddress().orElseThrow(), firstSpec.dnsZone());
        }
    }

    /**
     * The warm path: when every zone is enabled and has a cached answer, the verdict is made right
     * here, without futures. Null when any answer is missing (nothing is counted then).
     */
    private DnsblVerdict allCached(List<Group> groups, Optional<String> skipped) {
        ZoneAnswer[] answers = new ZoneAnswer[groups.size()];
        boolean anyListed = false;
        for (int i = 0; i < answers.length; i++) {
            Group group = groups.get(i);
            ZoneAnswer answer = group.state.enabled() ? cachedAnswer(group.cacheKey) : null;
            if (answer == null) {
                return null;
            }
            answers[i] = answer;
            anyListed |= answer.listed();
        }
        for (int i = 0; i < answers.length; i++) {
            ZoneState state = groups.get(i).state;
            state.queries.increment();
            hits.increment();
            if (answers[i].listed()) {
                state.listed.increment();
            }
        }
        if (!anyListed && skipped.isEmpty()) {
            // the common verdict: nothing listed, nothing failed, nothing skipped
            return DnsblVerdict.empty();
        }
        return assemble(groups, index -> Outcome.answered(answers[index], true), skipped, false);
    }

    /** The cached answer to a question, if one has arrived and not expired. */
    private ZoneAnswer cachedAnswer(Object cacheKey) {
        CompletableFuture<Outcome> entry = cache.getIfPresent(cacheKey);
        return entry != null && entry.isDone() ? entry.join().answer() : null;
    }

    /** An outcome of null: no answer by the deadline. */
    private DnsblVerdict assemble(List<Group> groups, IntFunction<Outcome> outcomeOf, Optional<String> skipped, boolean operator) {
        List<Listing> listings = new ArrayList<>();
        List<ZoneError> errors = new ArrayList<>();
        List<ZoneLookup> lookups = operator ? new ArrayList<>() : List.of();
        for (int i = 0; i < groups.size(); i++) {
            Group group = groups.get(i);
            ZoneState state = group.state;
            Outcome outcome = outcomeOf.apply(i);
            if (outcome == null) {
                outcome = Outcome.failed(new ZoneFailure(ErrorKind.TIMEOUT, "no answer within the deadline"));
                if (!operator) {
                    health.missedDeadline(state);
                }
            }
            if (outcome.failure() != null) {
                String detail = state.redact(outcome.failure().getMessage());
                errors.add(new ZoneError(state.zone, outcome.failure().kind, detail));
                if (operator) {
                    lookups.add(new ZoneLookup(state.zone, group.firstSpec.safeMode(), 0, List.of(), false, Optional.empty(), false,
                        Optional.of(outcome.failure().kind), Optional.ofNullable(detail)));
                }
                continue;
            }
            ZoneAnswer answer = outcome.answer();
            Optional<String> reason = answer.reason().map(state::redact);
            int weight = 0;
            boolean counted = false;
            if (answer.listed()) {
                for (ZoneSpec spec : group.specs) {
                    List<String> matched = answer.matching(spec);
                    if (!matched.isEmpty()) {
                        listings.add(new Listing(spec, group.queryName(), matched, reason));
                        weight += spec.weight();
                        counted = true;
                    }
                }
            }
            if (operator) {
                lookups.add(new ZoneLookup(state.zone, group.firstSpec.safeMode(), weight, answer.texts(), counted, reason,
                    outcome.cached(), Optional.empty(), Optional.empty()));
            }
        }
        return new DnsblVerdict(listings, errors, skipped, lookups);
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
    private static Object cacheKey(ZoneState state, ZoneSpec spec, DnsblQuery query, InetAddress client, long ipv4) {
        return switch (spec.kind()) {
            case CLIENT_IP -> {
                if (client == null) {
                    yield null;
                }
                yield ipv4 < 0 ? QueryNames.forAddress(client, spec.dnsZone()) : (Object) (((long) state.id << 32) | ipv4);
            }
            case SENDER_DOMAIN -> domainName(query.senderDomain(), spec.dnsZone()).orElse(null);
            case HELO_DOMAIN -> domainName(query.heloName(), spec.dnsZone()).orElse(null);
        };
    }

    /** The client's IPv4 address as an unsigned number, else -1 (no client, or IPv6). */
    private static long ipv4(InetAddress client) {
        if (!(client instanceof Inet4Address)) {
            return -1;
        }
        byte[] address = client.getAddress();
        return ((address[0] & 0xFFL) << 24) | ((address[1] & 0xFFL) << 16) | ((address[2] & 0xFFL) << 8) | (address[3] & 0xFFL);
    }

    private static int indexOfKey(List<Group> groups, Object cacheKey) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).cacheKey.equals(cacheKey)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> domainName(Optional<String> domain, String zone) {
        return domain.flatMap(DomainNames::forLookup)
            .map(name -> name + "." + zone)
            .filter(name -> name.length() <= 253);
    }

    // ---------------------------------------------------------------- one zone, one name

    /**
     * One zone's answer for a check: the cached one, else the exchange in flight for the same
     * question, else a new one. A mail's check is counted (queries, hits, misses, latency,
     * failures); an operator's is not.
     */
    private CompletableFuture<Outcome> query(Group group, DnsblRequest request) {
        ZoneState state = group.state;
        boolean counted = !request.operator();
        if (!state.enabled()) {
            return CompletableFuture.completedFuture(Outcome.failed(new ZoneFailure(ErrorKind.DISABLED, state.disabledReason().orElse("disabled"))));
        }
        if (counted) {
            state.queries.increment();
        }
        ZoneAnswer cached = request.fresh() ? null : cachedAnswer(group.cacheKey);
        if (cached != null) {
            if (counted) {
                hits.increment();
                if (cached.listed()) {
                    state.listed.increment();
                }
            }
            return CompletableFuture.completedFuture(Outcome.answered(cached, true));
        }
        if (counted) {
            misses.increment();
        }
        long start = ticker.read();
        CompletableFuture<Outcome> answered = request.fresh() ? refreshed(group) : sharedExchange(group);
        Optional<Duration> zoneTimeout = group.firstSpec.timeout();
        if (zoneTimeout.isPresent()) {
            // a dependent copy times out, not the shared exchange: its answer still reaches the cache
            answered = answered.thenApply(outcome -> outcome)
                .completeOnTimeout(Outcome.failed(new ZoneFailure(ErrorKind.TIMEOUT,
                    "no answer within the zone's timeout of " + zoneTimeout.get().toMillis() + "ms")), zoneTimeout.get().toNanos(), TimeUnit.NANOSECONDS);
        }
        return answered.thenApply(outcome -> {
            if (counted) {
                state.latency.record(ticker.read() - start);
                if (outcome.failure() != null) {
                    health.failed(state, outcome.failure());
                } else {
                    health.answered(state);
                    if (outcome.answer().listed()) {
                        state.listed.increment();
                    }
                }
            }
            return outcome;
        });
    }

    /**
     * The exchange in flight or cached for the group's question, or a new one. The new exchange is
     * started only after its future is in the cache, outside any cache lock: an exchange may
     * complete on the calling thread (an unreachable resolver fails at once), and its completion
     * updates the cache, which must not happen while this thread holds a lock of that cache.
     */
    private CompletableFuture<Outcome> sharedExchange(Group group) {
        CompletableFuture<Outcome> placeholder = new CompletableFuture<>();
        CompletableFuture<Outcome> present = cache.asMap().putIfAbsent(group.cacheKey, placeholder);
        if (present != null) {
            return present;
        }
        try {
            exchange(group.queryName()).whenComplete((outcome, failure) -> settle(group.cacheKey, placeholder,
                failure == null ? outcome : Outcome.failed(ZoneFailure.of(failure))));
        } catch (RuntimeException e) {
            placeholder.complete(Outcome.failed(ZoneFailure.of(e)));
        }
        return placeholder;
    }

    /**
     * Hands an exchange's outcome to whoever waits for it, then swaps the entry's own future for the
     * answer's shared one (which re-arms the entry's expiry with the same TTL). A failure is left
     * to expire at once.
     */
    private void settle(Object cacheKey, CompletableFuture<Outcome> placeholder, Outcome outcome) {
        placeholder.complete(outcome);
        if (outcome.answer() != null) {
            cache.asMap().replace(cacheKey, placeholder, shared(outcome.answer()));
        }
    }

    /** The completed future all cache entries with this answer share. */
    private CompletableFuture<Outcome> shared(ZoneAnswer answer) {
        return sharedAnswers.get(answer, first -> CompletableFuture.completedFuture(Outcome.answered(first, false)));
    }

    /** A new exchange whose answer replaces the cached one; a failure leaves the cache as it was. */
    private CompletableFuture<Outcome> refreshed(Group group) {
        return exchange(group.queryName()).thenApply(outcome -> {
            if (outcome.answer() != null) {
                cache.put(group.cacheKey, shared(outcome.answer()));
            }
            return outcome;
        });
    }

    /** One DNS exchange (A, then TXT for a listing), counted while in flight; its failure is an outcome, not an exception. */
    private CompletableFuture<Outcome> exchange(String queryName) {
        exchangesInFlight.incrementAndGet();
        return resolve(queryName).handle((answer, failure) -> {
            exchangesInFlight.decrementAndGet();
            return failure == null ? Outcome.answered(answer, false) : Outcome.failed(ZoneFailure.of(failure));
        });
    }

    private CompletableFuture<ZoneAnswer> resolve(String queryName) {
        return dns.ask(queryName, Type.A).thenCompose(response -> {
            ZoneAnswer answer = parseA(response);
            if (!answer.listed() || !fetchTxt) {
                return CompletableFuture.completedFuture(answer);
            }
            return dns.ask(queryName, Type.TXT).handle((txt, failure) -> failure != null ? answer : answer.withReason(reason(txt)));
        });
    }

    /** Reads the A answer once: return codes, refusal codes, foreign answers, and the TTL. */
    private ZoneAnswer parseA(Message response) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return ZoneAnswer.notListed(negativeTtl(response));
        }
        if (rcode != Rcode.NOERROR) {
            throw new ZoneFailure(ErrorKind.SERVFAIL, Rcode.string(rcode));
        }
        List<ReturnCode> codes = new ArrayList<>();
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
                codes.add(new ReturnCode(code, octets));
                ttlSeconds = Math.min(ttlSeconds, a.getTTL());
            }
        }
        if (codes.isEmpty()) {
            return ZoneAnswer.notListed(negativeTtl(response));
        }
        return new ZoneAnswer(codes, Optional.empty(), clamp(TimeUnit.SECONDS.toNanos(ttlSeconds)));
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

    // ---------------------------------------------------------------- zones

    /** Starts monitoring these zones: each is probed now, then every health probe interval. */
    public void watch(Collection<ZoneSpec> specs) {
        health.watch(specs);
    }

    /** Probes a zone's RFC 5782 test points now (bypassing the cache) and returns its status afterwards. */
    public CompletableFuture<ZoneStatus> probe(String zone) {
        return health.probe(zone);
    }

    /** Takes a zone out of every verdict until {@link #enable}; health probes do not undo it. */
    public void disable(String zone, String reason) {
        health.disable(zone, reason);
    }

    public void enable(String zone) {
        health.enable(zone);
    }

    public Optional<ZoneStatus> zoneStatus(String zone) {
        return health.status(zone);
    }

    public List<ZoneStatus> zoneStatuses() {
        return health.statuses();
    }

    // ---------------------------------------------------------------- statistics

    public EngineStats stats() {
        long hitCount = hits.sum();
        long missCount = misses.sum();
        long total = hitCount + missCount;
        return new EngineStats(cache.synchronous().estimatedSize(), hitCount, missCount, total == 0 ? 0.0 : (double) hitCount / total,
            exchangesInFlight.get());
    }

    /** Per DNS server, the datagrams that answered no query of ours (forged answers, late answers). */
    public List<AnswerMismatches> answerMismatches() {
        return dns.mismatches();
    }

    public void flushCache() {
        cache.synchronous().invalidateAll();
    }

    @Override
    public void close() {
        health.close();
        if (callbacks != null) {
            callbacks.shutdownNow();
        }
        dns.close();
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static DnsClient ownClient(Builder builder) {
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
            this.udpTransport = Objects.requireNonNull(value, "udpTransport");
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
        public Builder trustedNetworks(IpRanges ranges) {
            this.trustedNetworks = ranges;
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
