package org.bounceguard.services;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.configuration.StormSettings;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.BounceStormMXBean;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.redis.RedisStormStore;
import org.bounceguard.storm.BounceStorms;
import org.bounceguard.storm.MemoryStormStore;
import org.bounceguard.storm.StormStore;
import org.bounceguard.storm.StormStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounce storms of one James server ({@code storm.*}), in the store {@code storm.store} names,
 * shared by {@code IsBackscatter} (which counts the bounces it quarantines), {@code BatvRcptHook}
 * and {@code BounceStormHook} (which refuse during a storm), the MBean
 * {@code org.bounceguard:type=BounceStorm} and WebAdmin. Once a second it sweeps the storms that
 * ended, so that leaving is logged and counted when it happens, not when the next bounce comes.
 */
@Singleton
public class BounceStormService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(BounceStormService.class);
    private static final long SWEEP_SECONDS = 1;

    private final BounceStorms storms;
    private final StormStore store;
    private final MBeans mbeans = new MBeans();
    private final ScheduledExecutorService sweeper;

    @Inject
    public BounceStormService(BounceguardSettings settings, GaugeRegistry gaugeRegistry, Clock clock, Map<String, Provider<StormStores>> stores) {
        this(open(settings.storm(), stores, clock), settings.storm(), new Gauges(gaugeRegistry));
    }

    public BounceStormService(StormStore store, StormSettings settings, Gauges gauges) {
        this.store = store;
        this.storms = new BounceStorms(settings.policy(), store);
        mbeans.register(MBeans.name("BounceStorm"), new Bean());
        gauges.register("bounceguard_storm_recipients", () -> (long) storms.recipientsInStorm().size());
        gauges.register("bounceguard_storm_unproven_counted", () -> storms.counters().unprovenCounted());
        gauges.register("bounceguard_storm_entered", () -> storms.counters().entered());
        gauges.register("bounceguard_storm_left", () -> storms.counters().left());
        gauges.register("bounceguard_storm_refused_rcpt", () -> storms.counters().refusedAtRcpt());
        gauges.register("bounceguard_storm_refused_data", () -> storms.counters().refusedAtData());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bounceguard-storm-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        LOGGER.info("Bounceguard bounce storms: {} unproven bounces to one recipient within {} refuse its unproven bounces for {} ({} store)",
            settings.policy().threshold(), settings.policy().window(), settings.policy().duration(), settings.store());
    }

    /** The store {@code storm.store} names, over this node's memory. */
    private static StormStore open(StormSettings settings, Map<String, Provider<StormStores>> stores, Clock clock) {
        return BounceguardSettings.choose("storm.store", settings.store(), stores)
            .open(settings.policy(), new MemoryStormStore(settings.policy(), clock));
    }

    public BounceStorms storms() {
        return storms;
    }

    private void sweep() {
        try {
            storms.sweep();
        } catch (RuntimeException e) {
            LOGGER.warn("Bounceguard could not sweep ended bounce storms; trying again in {} s", SWEEP_SECONDS, e);
        }
    }

    private long fallbacks() {
        return store instanceof RedisStormStore shared ? shared.fallbacks() : 0L;
    }

    @PreDestroy
    @Override
    public void close() {
        sweeper.shutdownNow();
        mbeans.close();
    }

    private final class Bean implements BounceStormMXBean {
        @Override
        public Map<String, String> getRecipientsInStorm() {
            Map<String, String> inStorm = new LinkedHashMap<>();
            storms.recipientsInStorm().forEach((recipient, until) -> inStorm.put(recipient, until.toString()));
            return inStorm;
        }

        @Override
        public int getRecipientsInStormCount() {
            return storms.recipientsInStorm().size();
        }

        @Override
        public long getUnprovenCounted() {
            return storms.counters().unprovenCounted();
        }

        @Override
        public long getStormsEntered() {
            return storms.counters().entered();
        }

        @Override
        public long getStormsLeft() {
            return storms.counters().left();
        }

        @Override
        public long getStormsEndedByOperator() {
            return storms.counters().endedByOperator();
        }

        @Override
        public long getRefusedAtRcpt() {
            return storms.counters().refusedAtRcpt();
        }

        @Override
        public long getRefusedAtData() {
            return storms.counters().refusedAtData();
        }

        @Override
        public long getStoreFallbacks() {
            return fallbacks();
        }

        @Override
        public boolean endStorm(String recipient) {
            return recipient != null && storms.end(recipient.trim());
        }
    }
}
