package org.bounceguard.metrics.jmx;

import java.util.Map;

/**
 * {@code org.bounceguard:type=RecipientVerification}: what recipient verification of relayed
 * domains did on this server since start, and its state now.
 */
public interface RecipientVerificationMXBean {
    /** Probes sent to backends, the accept-all tests included. */
    long getProbes();

    /** Recipients answered from the cache, without a probe. */
    long getCacheHits();

    /** Recipients accepted: verified, remembered, of an accept-all domain, or failed open. */
    long getAccepted();

    /** Recipients refused with {@code 550 5.1.1}. */
    long getRefused();

    /** Recipients deferred with {@code 450}. */
    long getDeferred();

    /** Recipients accepted unverified because their domain's backend accepts every local part. */
    long getAcceptedAcceptAll();

    /** Recipients accepted unverified because the backend could not answer and {@code verify.failOpen} is on. */
    long getFailedOpen();

    /** Recipients deferred because their client used up its probe allowance. */
    long getClientLimited();

    /** Times a backend's breaker opened. */
    long getBreakerOpened();

    /** Relayed domains found to accept every local part (within the test period). */
    long getAcceptAllDomains();

    /** Backends whose breaker is open or half-open. */
    long getOpenBreakers();

    /** Each backend's breaker: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    Map<String, String> getBreakerStates();

    /** Not remembered / accepted / the refusal's text, for one address. */
    String lookUp(String address);

    /** Forgets one address; whether it was remembered. */
    boolean forget(String address);
}
