package org.bounceguard.configuration;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.bounceguard.suppression.NdrRateLimiter;

/**
 * {@code ndr.*}: the per-destination NDR quota (unset = the limiter's default), the store its
 * counts are kept in, by name, and whether an unguarded bounce path stops start-up.
 */
public record NdrSettings(Optional<Integer> perAddress, Optional<Integer> perDomain, Optional<Duration> window,
                          String store, boolean strictPaths) {
    static NdrSettings read(SettingsText text) {
        return new NdrSettings(
            text.positiveInt("ndr.rateLimit.perAddress"),
            text.positiveInt("ndr.rateLimit.perDomain"),
            text.duration("ndr.rateLimit.window"),
            text.value("ndr.rateLimit.store").orElse("memory").toLowerCase(Locale.ROOT),
            text.bool("ndr.paths.strict").orElse(false));
    }

    /** A limiter builder with these limits; the caller adds its time source. */
    public NdrRateLimiter.Builder rateLimiter() {
        NdrRateLimiter.Builder builder = NdrRateLimiter.builder();
        perAddress.ifPresent(builder::perAddress);
        perDomain.ifPresent(builder::perDomain);
        window.ifPresent(builder::window);
        return builder;
    }
}
