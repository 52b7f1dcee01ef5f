package org.bounceguard.configuration;

import java.time.Duration;
import java.util.Optional;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneKeys;
import org.bounceguard.net.IpRanges;

/**
 * {@code dnsbl.*}: the engine's deadline, cache, health monitor and which clients it never looks
 * up (unset = the engine's default), and the keys zone specs name as {@code {name}} (never shown).
 */
public record DnsblSettings(Optional<Duration> deadline, Optional<Long> cacheMaximumSize, Optional<Duration> cacheMinTtl,
                            Optional<Duration> cacheMaxTtl, Optional<Duration> cacheNegativeTtl, Optional<Duration> healthInterval,
                            Optional<Integer> refusalsToDisable, Optional<Boolean> skipPrivate, Optional<Boolean> skipLoopback,
                            Optional<IpRanges> trustedNetworks, Optional<Boolean> fetchTxt, ZoneKeys zoneKeys) {

    static DnsblSettings read(SettingsText text) {
        return new DnsblSettings(
            text.duration("dnsbl.deadline"),
            text.number("dnsbl.cache.maximumSize"),
            text.duration("dnsbl.cache.minTtl"),
            text.duration("dnsbl.cache.maxTtl"),
            text.duration("dnsbl.cache.negativeTtl"),
            text.durationOrZero("dnsbl.health.interval"),
            text.positiveInt("dnsbl.health.refusalsToDisable"),
            text.bool("dnsbl.skip.private"),
            text.bool("dnsbl.skip.loopback"),
            text.ranges("dnsbl.trustedNetworks"),
            text.bool("dnsbl.txt"),
            ZoneKeysReader.read(text));
    }

    DnsblEngine.Builder applyTo(DnsblEngine.Builder builder) {
        deadline.ifPresent(builder::deadline);
        cacheMaximumSize.ifPresent(builder::cacheMaximumSize);
        cacheMinTtl.ifPresent(builder::minTtl);
        cacheMaxTtl.ifPresent(builder::maxTtl);
        cacheNegativeTtl.ifPresent(builder::negativeTtl);
        healthInterval.ifPresent(builder::healthProbeInterval);
        refusalsToDisable.ifPresent(builder::refusalsToDisable);
        skipPrivate.ifPresent(builder::skipPrivate);
        skipLoopback.ifPresent(builder::skipLoopback);
        trustedNetworks.ifPresent(builder::trustedNetworks);
        fetchTxt.ifPresent(builder::fetchTxt);
        return builder;
    }
}
