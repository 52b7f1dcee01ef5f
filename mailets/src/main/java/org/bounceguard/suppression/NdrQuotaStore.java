package org.bounceguard.suppression;

/**
 * Where the NDR quotas are counted, chosen by name with {@code ndr.rateLimit.store}; {@code local}
 * is this node's limiter, which a shared store may fall back to. A store is one implementation and
 * one binding under its name in the Guice module's map of NDR quota stores.
 */
@FunctionalInterface
public interface NdrQuotaStore {
    NdrQuota open(NdrRateLimiter local);
}
