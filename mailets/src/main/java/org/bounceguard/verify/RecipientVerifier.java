package org.bounceguard.verify;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.bounceguard.net.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Verifies recipients of relayed domains against the backend each domain is delivered to, the
 * way Postfix's {@code reject_unverified_recipient} and Exim's callout do, so that the MX refuses
 * at RCPT what the backend would refuse later - when the refusal would become an NDR to a forged
 * sender. In order:
 * <ol>
 *     <li>a remembered answer ({@link VerificationStore}) costs no probe;</li>
 *     <li>a domain whose backend accepts every local part is not verified (nothing to learn);</li>
 *     <li>a client over its allowance of probes ({@link ProbeLimit}) is deferred;</li>
 *     <li>a backend whose breaker is open is not asked;</li>
 *     <li>once per domain and {@code acceptAllPeriod}, a random local part is probed first;</li>
 *     <li>the recipient is probed: accepted and refused answers are remembered, deferrals are not,
 *     and a deferral never becomes an acceptance unless {@code failOpen} says so.</li>
 * </ol>
 * Plain Java: the RCPT hook is a thin adapter; the store, the prober and the clock are injected.
 */
public final class RecipientVerifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientVerifier.class);
    static final String RANDOM_PREFIX = "bg-verify-";
    /** An enhanced status code at the start of a backend's text, which our own reply already carries. */
    private static final Pattern ENHANCED_CODE = Pattern.compile("^[245]\\.\\d{1,3}\\.\\d{1,3}\\s*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VerificationPolicy policy;
    private final VerificationStore store;
    private final Prober prober;
    private final ProbeLimit limit;
    private final Map<Backend, CircuitBreaker> breakers;
    private final Cache<String, Boolean> acceptAll;
    private final Set<String> warnedAcceptAll = ConcurrentHashMap.newKeySet();
    private final VerificationCounters counters = new VerificationCounters();

    public RecipientVerifier(VerificationPolicy policy, VerificationStore store, Prober prober, Clock clock) {
        this.policy = policy;
        this.store = store;
        this.prober = prober;
        this.limit = new ProbeLimit(policy.probesPerClient(), policy.probesPerClientWindow(), policy.cacheMaximumSize(), clock);
        Map<Backend, CircuitBreaker> byBackend = new LinkedHashMap<>();
        policy.domains().values().forEach(backend ->
            byBackend.computeIfAbsent(backend, key -> new CircuitBreaker(policy.breakerFailures(), policy.breakerOpenFor(), clock)));
        this.breakers = Map.copyOf(byBackend);
        this.acceptAll = Caffeine.newBuilder()
            .expireAfterWrite(policy.acceptAllPeriod())
            .ticker(MemoryVerificationStore.ticker(clock))
            .build();
    }

    /** The real probe over SMTP, remembering in this node's memory. */
    public static RecipientVerifier create(VerificationPolicy policy, Clock clock) {
        return new RecipientVerifier(policy, new MemoryVerificationStore(policy.cacheMaximumSize(), clock),
            new SmtpProbe(policy.heloName(), policy.probeSender(), policy.timeout()), clock);
    }

    public VerificationPolicy policy() {
        return policy;
    }

    public VerificationStore store() {
        return store;
    }

    public VerificationCounters counters() {
        return counters;
    }

    /** Whether {@code recipient}'s domain is one this verifier probes for. */
    public boolean verifies(String recipient) {
        return Addresses.domain(recipient).flatMap(policy::backendOf).isPresent();
    }

    /**
     * The decision for {@code recipient}, asked by {@code client} (whose allowance it uses: {@link ProbeAllowanceKey}):
     * bounded by the probe timeout, at most two probes.
     */
    public Decision verify(String client, String recipient) {
        String address = Addresses.fold(recipient);
        Optional<String> domain = Addresses.domain(address);
        Optional<Backend> backend = domain.flatMap(policy::backendOf);
        if (backend.isEmpty()) {
            return Decision.NOT_VERIFIED;
        }
        Optional<CachedVerdict> cached = remembered(address);
        if (cached.isPresent()) {
            counters.cacheHit();
            return counters.count(cached.get().accepted() ? new Decision.Accept(Decision.Source.CACHE) : refusal(cached.get().text()));
        }
        if (Boolean.TRUE.equals(acceptAll.getIfPresent(domain.get()))) {
            return counters.count(new Decision.Accept(Decision.Source.ACCEPT_ALL));
        }
        if (!limit.tryAcquire(client)) {
            counters.clientLimited();
            LOGGER.debug("Deferred RCPT {} from {}: over its probe allowance", address, client);
            return counters.count(new Decision.Defer("4.7.1", "Too many unverified recipients from your address; try again later"));
        }
        CircuitBreaker breaker = breakers.get(backend.get());
        if (!breaker.allowProbe()) {
            return counters.count(deferral(address, new ProbeResult.Deferred("breaker open for " + backend.get(), true)));
        }
        if (acceptAll.getIfPresent(domain.get()) == null) {
            Optional<Decision> acceptAllDecision = testAcceptAll(domain.get(), backend.get(), breaker);
            if (acceptAllDecision.isPresent()) {
                return counters.count(acceptAllDecision.get());
            }
        }
        ProbeResult result = probe(backend.get(), address, breaker);
        if (result instanceof ProbeResult.Accepted) {
            remember(address, CachedVerdict.ACCEPTED);
            return counters.count(new Decision.Accept(Decision.Source.PROBE));
        }
        if (result instanceof ProbeResult.Refused refused) {
            remember(address, CachedVerdict.refused(refused.code(), refused.text()));
            return counters.count(refusal(refused.text()));
        }
        return counters.count(deferral(address, (ProbeResult.Deferred) result));
    }

    /** Probes a random local part: empty when the backend refused it (verify as usual), else the decision for the recipient. */
    private Optional<Decision> testAcceptAll(String domain, Backend backend, CircuitBreaker breaker) {
        String random = RANDOM_PREFIX + HexFormat.of().formatHex(bytes()) + "@" + domain;
        ProbeResult result = probe(backend, random, breaker);
        if (result instanceof ProbeResult.Accepted) {
            acceptAll.put(domain, true);
            if (warnedAcceptAll.add(domain)) {
                LOGGER.warn("Backend {} of {} accepts every local part (a random one was accepted): its recipients are not verified;"
                    + " unknown ones will be accepted and bounced later. Make the backend refuse unknown users at RCPT.", backend, domain);
            }
            return Optional.of(new Decision.Accept(Decision.Source.ACCEPT_ALL));
        }
        if (result instanceof ProbeResult.Refused) {
            acceptAll.put(domain, false);
            warnedAcceptAll.remove(domain);
            return Optional.empty();
        }
        return Optional.of(deferral(random, (ProbeResult.Deferred) result));
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private ProbeResult probe(Backend backend, String address, CircuitBreaker breaker) {
        counters.probe();
        ProbeResult result = prober.probe(backend, address);
        if (result instanceof ProbeResult.Deferred deferred && deferred.backendDown()) {
            if (breaker.recordFailure()) {
                counters.breakerOpened();
                LOGGER.warn("Recipient verification: backend {} failed ({}); no probe is sent to it for {}", backend, deferred.reason(),
                    policy.breakerOpenFor());
            }
        } else {
            breaker.recordSuccess();
        }
        return result;
    }

    private Decision deferral(String address, ProbeResult.Deferred deferred) {
        if (policy.failOpen()) {
            LOGGER.info("Accepted {} unverified (failOpen): {}", address, deferred.reason());
            return new Decision.Accept(Decision.Source.FAIL_OPEN);
        }
        LOGGER.debug("Deferred RCPT {}: {}", address, deferred.reason());
        return new Decision.Defer("4.1.1", "Recipient address not verified yet: try again later");
    }

    private static Decision refusal(String backendText) {
        String text = ENHANCED_CODE.matcher(backendText).replaceFirst("");
        return new Decision.Refuse(text.isEmpty() ? "Recipient address rejected by its mail server" : text);
    }

    private Optional<CachedVerdict> remembered(String address) {
        try {
            return store.get(address);
        } catch (RuntimeException e) {
            LOGGER.debug("Verification store failed to answer; probing instead", e);
            return Optional.empty();
        }
    }

    private void remember(String address, CachedVerdict verdict) {
        try {
            store.put(address, verdict, verdict.accepted() ? policy.positiveTtl() : policy.negativeTtl());
        } catch (RuntimeException e) {
            LOGGER.debug("Verification store failed to remember {}", address, e);
        }
    }

    /** Domains found to accept every local part, within their period. */
    public long acceptAllDomains() {
        return acceptAll.asMap().values().stream().filter(Boolean::booleanValue).count();
    }

    /** Each backend's breaker state. */
    public Map<Backend, CircuitBreaker.State> breakerStates() {
        Map<Backend, CircuitBreaker.State> states = new LinkedHashMap<>();
        breakers.forEach((backend, breaker) -> states.put(backend, breaker.state()));
        return states;
    }

    /** Backends whose breaker is not closed. */
    public long openBreakers() {
        return breakers.values().stream().filter(breaker -> breaker.state() != CircuitBreaker.State.CLOSED).count();
    }
}
