package org.bounceguard.verify;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How recipients of relayed domains are verified: which backend each domain is delivered to, how
 * long answers are remembered (accepted and refused apart, as Postfix's verify(8) does), the
 * probe's timeout and sender, how often each domain is tested for accepting every local part, the
 * breaker, the per-client allowance of probes, and whether a deferral lets the recipient in
 * ({@code failOpen}: off, since an MX that accepts what it cannot verify bounces it later - the
 * backscatter this exists to prevent).
 */
public record VerificationPolicy(Map<String, Backend> domains, Duration positiveTtl, Duration negativeTtl, Duration timeout,
                                 Optional<String> probeSender, String heloName, Duration acceptAllPeriod, int breakerFailures,
                                 Duration breakerOpenFor, int probesPerClient, Duration probesPerClientWindow, long cacheMaximumSize,
                                 boolean failOpen) {
    public static final Duration DEFAULT_POSITIVE_TTL = Duration.ofDays(7);
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofHours(3);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_HELO_NAME = "localhost";
    public static final Duration DEFAULT_ACCEPT_ALL_PERIOD = Duration.ofHours(1);
    public static final int DEFAULT_BREAKER_FAILURES = 3;
    public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(30);
    public static final int DEFAULT_PROBES_PER_CLIENT = 20;
    public static final Duration DEFAULT_PROBES_PER_CLIENT_WINDOW = Duration.ofMinutes(10);
    public static final long DEFAULT_CACHE_MAXIMUM_SIZE = 100_000;

    public VerificationPolicy {
        domains = Map.copyOf(domains);
        domains.keySet().forEach(domain -> {
            if (!domain.equals(domain.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("domains are keyed folded (lowercase): " + domain);
            }
        });
        if (!SmtpProbe.isSafe(heloName) || heloName.isEmpty()) {
            throw new IllegalArgumentException("heloName must be a host name");
        }
        probeSender.ifPresent(sender -> {
            if (!SmtpProbe.isSafe(sender)) {
                throw new IllegalArgumentException("probeSender must be an address without spaces or angle brackets");
            }
        });
    }

    /** Nothing to verify: the default when no domain is configured. */
    public static VerificationPolicy none() {
        return new VerificationPolicy(Map.of(), DEFAULT_POSITIVE_TTL, DEFAULT_NEGATIVE_TTL, DEFAULT_TIMEOUT, Optional.empty(),
            DEFAULT_HELO_NAME, DEFAULT_ACCEPT_ALL_PERIOD, DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_OPEN_FOR, DEFAULT_PROBES_PER_CLIENT,
            DEFAULT_PROBES_PER_CLIENT_WINDOW, DEFAULT_CACHE_MAXIMUM_SIZE, false);
    }

    public Optional<Backend> backendOf(String domain) {
        return Optional.ofNullable(domains.get(domain.toLowerCase(Locale.ROOT)));
    }
}
