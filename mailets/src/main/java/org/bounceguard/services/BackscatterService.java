package org.bounceguard.services;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.mailet.Mail;
import org.bounceguard.backscatter.BackscatterCounters;
import org.bounceguard.backscatter.BackscatterEvidence;
import org.bounceguard.backscatter.BackscatterJudge;
import org.bounceguard.backscatter.EvidenceSource;
import org.bounceguard.backscatter.EvidenceSources;
import org.bounceguard.backscatter.IncomingBounce;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.bounce.BounceParser;
import org.bounceguard.bounce.BounceReport;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.findings.BackscatterFinding;
import org.bounceguard.findings.BatvFinding;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.metrics.InputBoundsMetrics;
import org.bounceguard.metrics.jmx.BackscatterMXBean;
import org.bounceguard.metrics.jmx.MBeans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backscatter detection for one James server: the configured evidence sources
 * ({@code backscatter.evidence}; by default BATV, the Backscatterer list, our relays when
 * {@code backscatter.ownRelays} is set and the outbound ledger when {@code ledger.enabled}), the
 * evidence they give about an incoming bounce - computed once per mail and kept on it - and the
 * counters behind {@code org.bounceguard:type=Backscatter}.
 */
@Singleton
public class BackscatterService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(BackscatterService.class);
    private static final String SOURCES_KEY = "backscatter.evidence";

    private final EvidenceSources sources;
    private final BounceParser parser = new BounceParser();
    private final BackscatterCounters counters;
    private final MBeans mbeans = new MBeans();
    private final AtomicReference<BackscatterJudge> judge = new AtomicReference<>();

    @Inject
    public BackscatterService(BounceguardSettings settings, GaugeRegistry gaugeRegistry, Map<String, Provider<EvidenceSource>> sources) {
        this(sources(settings, sources), new Gauges(gaugeRegistry));
    }

    public BackscatterService(EvidenceSources sources, Gauges gauges) {
        this.sources = sources;
        this.counters = new BackscatterCounters(sources.reasons());
        mbeans.register(MBeans.name("Backscatter"), new Bean());
        InputBoundsMetrics.register(mbeans, gauges);
        gauges.register("bounceguard_backscatter_bounces_seen", () -> counters.snapshot().bouncesSeen());
        gauges.register("bounceguard_backscatter_bounces_accepted", () -> counters.snapshot().accepted());
        gauges.register("bounceguard_backscatter_bounces_split", () -> counters.snapshot().split());
        gauges.register("bounceguard_backscatter_quarantined", () -> counters.snapshot().quarantined());
        for (String reason : sources.reasons()) {
            gauges.register("bounceguard_backscatter_quarantined_" + Gauges.safe(reason), () -> counters.snapshot().quarantinedFor(reason));
        }
        gauges.register("bounceguard_batv_signed", () -> counters.snapshot().batvSigned());
        gauges.register("bounceguard_batv_verified", () -> counters.snapshot().batvVerified());
        gauges.register("bounceguard_batv_failed", () -> counters.snapshot().batvFailed());
    }

    /**
     * The sources {@code backscatter.evidence} names, in order, each bound under its name (see
     * {@code BounceguardModule.evidenceSources}): built in are {@code batv}, {@code relays} (needs
     * {@code backscatter.ownRelays}), {@code backscatterer} and {@code ledger} (needs
     * {@code ledger.enabled}). A class name, the form that created a source by reflection, is
     * refused saying how to bind the source instead.
     */
    static EvidenceSources sources(BounceguardSettings settings, Map<String, Provider<EvidenceSource>> bound) {
        List<EvidenceSource> sources = new ArrayList<>();
        for (String name : settings.backscatter().sourceNames(settings.ledger().enabled(), settings.srs().enabled())) {
            if (name.contains(".") && !bound.containsKey(name)) {
                throw BounceguardSettings.invalid(SOURCES_KEY, name, "a class name is not an evidence source name: a source is"
                    + " an EvidenceSource class (an @Inject or public constructor) bound under a name in a Guice module,"
                    + " BounceguardModule.evidenceSources(binder()).addBinding(\"<name>\").to(<class>), and named here by that name");
            }
            sources.add(BounceguardSettings.choose(SOURCES_KEY, name, bound));
        }
        return new EvidenceSources(sources);
    }

    public BackscatterCounters counters() {
        return counters;
    }

    /**
     * The judge of the first {@code IsBackscatter} of the mailet container (its condition), so that
     * a bounce judged in the SMTP session is judged as the matcher will; later ones are ignored.
     */
    public void useJudge(BackscatterJudge first) {
        judge.compareAndSet(null, first);
    }

    /** The first {@code IsBackscatter}'s judge; {@link BackscatterJudge#ANY} before one is initialised. */
    public BackscatterJudge judge() {
        return Optional.ofNullable(judge.get()).orElse(BackscatterJudge.ANY);
    }

    /** The reason codes the configured sources can give. */
    public Set<String> reasons() {
        return sources.reasons();
    }

    /**
     * The evidence about an incoming bounce: read from the mail when an earlier step computed it,
     * otherwise computed now - the bounce parsed and the ledger asked at most once per mail - and
     * stored on it.
     */
    public BackscatterEvidence evidence(Mail mail) {
        Optional<BackscatterEvidence> stored = BackscatterFinding.evidence(mail);
        if (stored.isPresent()) {
            return stored.get();
        }
        BackscatterEvidence evidence = sources.examine(incomingBounce(mail));
        BackscatterFinding.writeEvidence(mail, evidence);
        return evidence;
    }

    /**
     * The evidence about a bounce still in its SMTP session, whose recipients may carry BATV tags:
     * examined under the plain addresses {@code BatvStrip} will deliver it to, with the BATV
     * verdicts given, and stored on the mail, so that {@code IsBackscatter} later reads it instead of
     * asking the sources (and using a ledger proof) a second time.
     */
    public BackscatterEvidence evidenceInSession(Mail mail, List<String> plainRecipients, Map<String, BatvResult> batvResults) {
        BackscatterEvidence evidence = sources.examine(incomingBounce(mail, plainRecipients, batvResults));
        BackscatterFinding.writeEvidence(mail, evidence);
        return evidence;
    }

    private IncomingBounce incomingBounce(Mail mail) {
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        return incomingBounce(mail, recipients, BatvFinding.read(mail));
    }

    private IncomingBounce incomingBounce(Mail mail, List<String> recipients, Map<String, BatvResult> batvResults) {
        return new IncomingBounce(recipients, batvResults, DnsblFinding.safeListedZonesInSession(mail), () -> parse(mail),
            MailFacts.header(mail, "In-Reply-To").flatMap(BackscatterService::firstMessageId));
    }

    /** The first {@code <...>} of a header, read from its first 998 characters (one line's worth). */
    static Optional<String> firstMessageId(String header) {
        String text = header.length() > 998 ? header.substring(0, 998) : header;
        int open = text.indexOf('<');
        int close = text.indexOf('>', open + 1);
        return open >= 0 && close > open + 1 ? Optional.of(text.substring(open, close + 1)) : Optional.empty();
    }

    private Optional<BounceReport> parse(Mail mail) {
        try (InputStream raw = MailFacts.rawMessage(mail)) {
            // the parser reads an empty envelope sender as the null sender: a bounce by its envelope
            String envelopeSender = mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("");
            return Optional.of(parser.parse(raw, Optional.of(envelopeSender)));
        } catch (IOException | MessagingException | RuntimeException e) {
            LOGGER.debug("Could not read the returned headers of mail {}: {}", mail.getName(), e.toString());
            return Optional.empty();
        }
    }

    @PreDestroy
    @Override
    public void close() {
        mbeans.close();
    }

    private final class Bean implements BackscatterMXBean {
        @Override
        public long getBouncesSeen() {
            return counters.snapshot().bouncesSeen();
        }

        @Override
        public long getBouncesAccepted() {
            return counters.snapshot().accepted();
        }

        @Override
        public long getBouncesSplit() {
            return counters.snapshot().split();
        }

        @Override
        public long getQuarantined() {
            return counters.snapshot().quarantined();
        }

        @Override
        public Map<String, Long> getQuarantinedByReason() {
            return counters.snapshot().quarantinedByReason();
        }

        @Override
        public long quarantinedFor(String reasonCode) {
            return counters.snapshot().quarantinedFor(reasonCode == null ? "" : reasonCode.trim().toLowerCase(Locale.ROOT));
        }

        @Override
        public long getBatvSigned() {
            return counters.snapshot().batvSigned();
        }

        @Override
        public long getBatvVerified() {
            return counters.snapshot().batvVerified();
        }

        @Override
        public long getBatvFailed() {
            return counters.snapshot().batvFailed();
        }
    }
}
