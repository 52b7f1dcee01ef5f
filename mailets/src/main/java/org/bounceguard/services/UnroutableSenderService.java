package org.bounceguard.services;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.configuration.UnroutableSenderSettings;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.jmx.MBeans;
import org.bounceguard.metrics.jmx.UnroutableSenderMXBean;
import org.bounceguard.suppression.MailDomainStatus;
import org.bounceguard.suppression.SenderDomainCheck;
import org.bounceguard.suppression.UnroutableSenderCounters;

/**
 * What every {@code UnroutableSenderRefusal} declaration of one James server shares: the settings,
 * the server's one sender-domain check ({@link SenderDomainService}) and one set of counters,
 * published as the {@code UnroutableSender} MBean and the {@code bounceguard_unroutable_sender_*} gauges.
 */
@Singleton
public class UnroutableSenderService implements AutoCloseable {
    private static final String GAUGE_PREFIX = "bounceguard_unroutable_sender_";

    private final UnroutableSenderSettings settings;
    private final SenderDomainCheck check;
    private final UnroutableSenderCounters counters = new UnroutableSenderCounters();
    private final MBeans mbeans = new MBeans();

    @Inject
    public UnroutableSenderService(UnroutableSenderSettings settings, SenderDomainService senderDomains, GaugeRegistry gaugeRegistry) {
        this(settings, senderDomains.check(), new Gauges(gaugeRegistry));
    }

    public UnroutableSenderService(UnroutableSenderSettings settings, SenderDomainCheck check, Gauges gauges) {
        this.settings = settings;
        this.check = check;
        mbeans.register(MBeans.name("UnroutableSender"), new Bean());
        gauges.register(GAUGE_PREFIX + "checked", () -> counters.snapshot().checked());
        gauges.register(GAUGE_PREFIX + "refused_null_mx", () -> counters.snapshot().refusedNullMx());
        gauges.register(GAUGE_PREFIX + "refused_nxdomain", () -> counters.snapshot().refusedNoSuchDomain());
        gauges.register(GAUGE_PREFIX + "refused_no_mail_host", () -> counters.snapshot().refusedNoMailHost());
        gauges.register(GAUGE_PREFIX + "failed_open", () -> counters.snapshot().failedOpen());
        gauges.register(GAUGE_PREFIX + "accepted_trusted_client", () -> counters.snapshot().trustedClient());
        gauges.register(GAUGE_PREFIX + "accepted_own_domain", () -> counters.snapshot().ownDomain());
    }

    public UnroutableSenderSettings settings() {
        return settings;
    }

    /** What DNS says about the sender's domain; waits at most two DNS query timeouts. */
    public MailDomainStatus status(String domain) {
        return check.status(domain);
    }

    public UnroutableSenderCounters counters() {
        return counters;
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
    }

    private final class Bean implements UnroutableSenderMXBean {
        @Override
        public long getChecked() {
            return counters.snapshot().checked();
        }

        @Override
        public long getRefusedNullMx() {
            return counters.snapshot().refusedNullMx();
        }

        @Override
        public long getRefusedNoSuchDomain() {
            return counters.snapshot().refusedNoSuchDomain();
        }

        @Override
        public long getRefusedNoMailHost() {
            return counters.snapshot().refusedNoMailHost();
        }

        @Override
        public long getFailedOpen() {
            return counters.snapshot().failedOpen();
        }

        @Override
        public long getAcceptedTrustedClient() {
            return counters.snapshot().trustedClient();
        }

        @Override
        public long getAcceptedOwnDomain() {
            return counters.snapshot().ownDomain();
        }
    }
}
