package org.bounceguard.cluster;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneStateChanges;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.OutboundLedger;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.redis.RedisLink;
import org.bounceguard.redis.RedisNdrQuota;
import org.bounceguard.redis.RedisOutboundLedger;
import org.bounceguard.redis.RedisSettings;
import org.bounceguard.redis.RedisStormStore;
import org.bounceguard.redis.RedisVerificationStore;
import org.bounceguard.redis.RedisZoneStateChanges;
import org.bounceguard.suppression.NdrQuota;
import org.bounceguard.storm.StormPolicy;
import org.bounceguard.storm.StormStore;
import org.bounceguard.suppression.NdrRateLimiter;
import org.bounceguard.verify.VerificationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the nodes of one James cluster share, when {@code redis.url} names a Redis: NDR quotas
 * ({@code ndr.rateLimit.store=redis}), the outbound ledger ({@code ledger.store=redis}), bounce
 * storms ({@code storm.store=redis}) and
 * operators' zone decisions (always, once Redis is configured). Without {@code redis.url} every
 * piece stays on its node, as on a single server. One per James server; its MBean
 * {@code org.bounceguard:type=SharedState} counts the fallbacks.
 */
@Singleton
public class SharedState implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SharedState.class);
    static final String KEY_PREFIX = "bounceguard:";

    private final Optional<RedisLink> link;
    private final Clock clock;
    private final MBeans mbeans = new MBeans();
    private final AtomicReference<RedisNdrQuota> ndrQuota = new AtomicReference<>();
    private final AtomicReference<RedisOutboundLedger> ledger = new AtomicReference<>();
    private final AtomicReference<RedisZoneStateChanges> zoneChanges = new AtomicReference<>();

    @Inject
    public SharedState(BounceguardSettings settings, GaugeRegistry gaugeRegistry, Clock clock) {
        this(settings.redis(), new Gauges(gaugeRegistry), clock);
    }

    public SharedState(Optional<RedisSettings> redis, Gauges gauges, Clock clock) {
        this.clock = clock;
        this.link = redis.map(RedisLink::new);
        redis.ifPresent(value -> LOGGER.info("Bounceguard shares its state on Redis at {}", value.describe()));
        mbeans.register(MBeans.name("SharedState"), new Bean());
        gauges.register("bounceguard_redis_failures", () -> link.map(RedisLink::failures).orElse(0L));
        gauges.register("bounceguard_redis_outages", () -> link.map(RedisLink::outages).orElse(0L));
        gauges.register("bounceguard_redis_back_offs", () -> link.map(RedisLink::backOffs).orElse(0L));
        gauges.register("bounceguard_redis_refused_while_backing_off", () -> link.map(RedisLink::refusedWhileBackingOff).orElse(0L));
        gauges.register("bounceguard_redis_ndr_fallbacks", this::ndrFallbacks);
        gauges.register("bounceguard_redis_ledger_failures", this::ledgerFailures);
    }

    public boolean configured() {
        return link.isPresent();
    }

    /** NDR quotas on Redis, decided by {@code local} while Redis cannot answer. */
    public NdrQuota ndrQuota(NdrRateLimiter local) {
        RedisLink redis = link.orElseThrow(() -> new IllegalArgumentException(
            "bounceguard.properties: ndr.rateLimit.store = 'redis' needs redis.url"));
        RedisNdrQuota quota = new RedisNdrQuota(redis, local, local, KEY_PREFIX);
        ndrQuota.set(quota);
        return quota;
    }

    public OutboundLedger ledger(LedgerKey key, LedgerPolicy policy) {
        RedisLink redis = link.orElseThrow(() -> new IllegalArgumentException(
            "bounceguard.properties: ledger.store = 'redis' needs redis.url"));
        RedisOutboundLedger shared = new RedisOutboundLedger(redis, key, policy, clock, KEY_PREFIX);
        ledger.set(shared);
        return shared;
    }

    /** Bounce storm counts and modes on Redis, kept by {@code local} while Redis cannot answer. */
    public StormStore stormStore(StormPolicy policy, StormStore local) {
        RedisLink redis = link.orElseThrow(() -> new IllegalArgumentException(
            "bounceguard.properties: storm.store = 'redis' needs redis.url"));
        return new RedisStormStore(redis, policy, local, KEY_PREFIX);
    }

    /** Verified recipients of relayed domains, shared by every node ({@code verify.store=redis}). */
    public VerificationStore verificationStore() {
        RedisLink redis = link.orElseThrow(() -> new IllegalArgumentException(
            "bounceguard.properties: verify.store = 'redis' needs redis.url"));
        return new RedisVerificationStore(redis, KEY_PREFIX);
    }

    /** Operators' zone decisions: on every node sharing the Redis, or on this node only without one. */
    public ZoneStateChanges zoneStateChanges(DnsblEngine engine) {
        ZoneStateChanges local = ZoneStateChanges.local(engine);
        return link.<ZoneStateChanges>map(redis -> {
            RedisZoneStateChanges shared = new RedisZoneStateChanges(redis, local, KEY_PREFIX);
            zoneChanges.set(shared);
            return shared;
        }).orElse(local);
    }

    private long ndrFallbacks() {
        return Optional.ofNullable(ndrQuota.get()).map(RedisNdrQuota::fallbacks).orElse(0L);
    }

    private long ledgerFailures() {
        return Optional.ofNullable(ledger.get()).map(shared -> shared.stats().storeFailures()).orElse(0L);
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
        link.ifPresent(RedisLink::close);
    }

    private final class Bean implements SharedStateMXBean {
        @Override
        public String getRedis() {
            return link.map(redis -> redis.settings().describe()).orElse("none: every node keeps its own state");
        }

        @Override
        public boolean isConnected() {
            return link.map(RedisLink::connected).orElse(false);
        }

        @Override
        public long getFailures() {
            return link.map(RedisLink::failures).orElse(0L);
        }

        @Override
        public long getOutages() {
            return link.map(RedisLink::outages).orElse(0L);
        }

        @Override
        public long getBackOffs() {
            return link.map(RedisLink::backOffs).orElse(0L);
        }

        @Override
        public long getRefusedWhileBackingOff() {
            return link.map(RedisLink::refusedWhileBackingOff).orElse(0L);
        }

        @Override
        public boolean isBackingOff() {
            return link.map(RedisLink::backingOff).orElse(false);
        }

        @Override
        public long getNdrFallbacks() {
            return ndrFallbacks();
        }

        @Override
        public long getLedgerFailures() {
            return ledgerFailures();
        }

        @Override
        public long getZoneChangesPublished() {
            return Optional.ofNullable(zoneChanges.get()).map(RedisZoneStateChanges::published).orElse(0L);
        }

        @Override
        public long getZoneChangesReceived() {
            return Optional.ofNullable(zoneChanges.get()).map(RedisZoneStateChanges::received).orElse(0L);
        }
    }
}
