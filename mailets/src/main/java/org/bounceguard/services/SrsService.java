package org.bounceguard.services;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.metrics.jmx.SrsMXBean;
import org.bounceguard.srs.SrsCodec;
import org.bounceguard.srs.SrsCounters;
import org.bounceguard.srs.SrsResult;
import org.bounceguard.srs.SrsSource;

/**
 * SRS for one James server: the domain {@code srs.domain}, the secrets {@code srs.keys} (never
 * logged), the age {@code srs.maxAgeDays}, and the counters behind {@code org.bounceguard:type=Srs}
 * and the {@code bounceguard_srs_*} metrics. Stateless otherwise: what the returning answer is
 * judged by travels in the address's hash, so an address made on one node reverses on every node
 * with the same secrets.
 *
 * <p>Created only when an SRS mailet, the SRS hook or the {@code srs} evidence source is
 * configured; a missing domain or secret then stops James's start-up saying which setting to fix.
 */
@Singleton
public class SrsService implements AutoCloseable {
    private final SrsCodec codec;
    private final Clock clock;
    private final SrsCounters counters = new SrsCounters();
    private final MBeans mbeans = new MBeans();

    @Inject
    public SrsService(BounceguardSettings settings, Clock clock, GaugeRegistry gaugeRegistry) {
        this(settings.srs().requiredCodec(), clock, new Gauges(gaugeRegistry));
    }

    public SrsService(SrsCodec codec, Clock clock, Gauges gauges) {
        this.codec = codec;
        this.clock = clock;
        mbeans.register(MBeans.name("Srs"), new Bean());
        gauges.register("bounceguard_srs_rewritten", counters::rewritten);
        gauges.register("bounceguard_srs_reversed", counters::reversed);
        gauges.register("bounceguard_srs_refused", counters::refused);
        counters.refusedByReason().keySet().forEach(reason ->
            gauges.register("bounceguard_srs_refused_" + Gauges.safe(reason), () -> counters.refusedByReason().get(reason)));
        gauges.register("bounceguard_srs_suppressed", counters::suppressed);
        counters.suppressedByReason().keySet().forEach(reason ->
            gauges.register("bounceguard_srs_suppressed_" + Gauges.safe(reason), () -> counters.suppressedByReason().get(reason)));
    }

    public SrsCodec codec() {
        return codec;
    }

    public SrsCounters counters() {
        return counters;
    }

    /** Whether {@code address} is of our SRS domain. */
    public boolean isOurs(String address) {
        return codec.isOurs(address);
    }

    /** {@link SrsCodec#forward} today; counted. */
    public String forward(String sender, SrsSource source) {
        String rewritten = codec.forward(sender, source, today());
        if (!rewritten.equals(sender)) {
            counters.recordRewritten(rewritten);
        }
        return rewritten;
    }

    /** {@link SrsCodec#reverse} today; not counted (callers count what they do with it). */
    public SrsResult reverse(String address) {
        return codec.reverse(address, today());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
    }

    private final class Bean implements SrsMXBean {
        @Override
        public String getDomain() {
            return codec.domain();
        }

        @Override
        public int getMaxAgeDays() {
            return codec.maxAgeDays();
        }

        @Override
        public int getKeyCount() {
            return codec.keyCount();
        }

        @Override
        public long getRewritten() {
            return counters.rewritten();
        }

        @Override
        public long getRewrittenSrs1() {
            return counters.rewrittenSrs1();
        }

        @Override
        public long getReversed() {
            return counters.reversed();
        }

        @Override
        public long getRefused() {
            return counters.refused();
        }

        @Override
        public Map<String, Long> getRefusedByReason() {
            return counters.refusedByReason();
        }

        @Override
        public long getSuppressed() {
            return counters.suppressed();
        }

        @Override
        public Map<String, Long> getSuppressedByReason() {
            return counters.suppressedByReason();
        }
    }
}
