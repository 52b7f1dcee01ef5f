package org.bounceguard.james;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.james.metrics.api.GaugeRegistry;
import org.bounceguard.backscatter.BackscatterCounters;
import org.bounceguard.backscatter.BackscatterEvidence;
import org.bounceguard.backscatter.BackscatterReason;
import org.bounceguard.backscatter.OwnRelays;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.bounce.BounceParser;
import org.bounceguard.bounce.BounceReport;
import org.bounceguard.bounce.OriginalMessage;
import org.bounceguard.james.jmx.BackscatterMXBean;
import org.bounceguard.james.jmx.MBeans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableMap;

/**
 * Backscatter detection for one James server: gathers the evidence about an incoming bounce
 * (BATV results recorded by {@code BatvStrip}, our relays in the returned headers, safe-mode
 * DNSBL listings) and keeps the counters behind {@code org.bounceguard:type=Backscatter}.
 */
@Singleton
public class BackscatterService implements AutoCloseable {
    /** Map original recipient → BATV result code, written by BatvStrip. */
    public static final AttributeName BATV_RESULTS = AttributeName.of("bounceguard.batv.results");

    private static final Logger LOGGER = LoggerFactory.getLogger(BackscatterService.class);

    private final Optional<OwnRelays> ownRelays;
    private final Optional<OutboundLedgerService> ledger;
    private final BounceParser parser = new BounceParser();
    private final BackscatterCounters counters = new BackscatterCounters();
    private final MBeans mbeans = new MBeans();

    @Inject
    public BackscatterService(BounceguardSettings settings, GaugeRegistry gaugeRegistry, Provider<OutboundLedgerService> ledger) {
        this(settings.value("backscatter.ownRelays").map(text -> {
            try {
                return OwnRelays.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bounceguard.properties: backscatter.ownRelays: " + e.getMessage(), e);
            }
        }), settings.bool("ledger.enabled").orElse(false) ? Optional.of(ledger) : Optional.empty(), new Gauges(gaugeRegistry));
    }

    public BackscatterService(Optional<OwnRelays> ownRelays, Gauges gauges) {
        this(ownRelays, Optional.empty(), gauges);
    }

    /**
     * @param ledger the outbound ledger to consult, when {@code ledger.enabled}: created now, so
     *     that a missing secret stops James's start-up rather than failing a bounce later
     */
    public BackscatterService(Optional<OwnRelays> ownRelays, Optional<Provider<OutboundLedgerService>> ledger, Gauges gauges) {
        this.ownRelays = ownRelays;
        this.ledger = ledger.map(Provider::get);
        mbeans.register(MBeans.name("Backscatter"), new Bean());
        gauges.register("bounceguard_backscatter_bounces_seen", () -> counters.snapshot().bouncesSeen());
        gauges.register("bounceguard_backscatter_bounces_accepted", () -> counters.snapshot().accepted());
        gauges.register("bounceguard_backscatter_quarantined", () -> counters.snapshot().quarantined());
        for (BackscatterReason reason : BackscatterReason.values()) {
            gauges.register("bounceguard_backscatter_quarantined_" + Gauges.safe(reason.code()),
                () -> counters.snapshot().quarantinedByReason().getOrDefault(reason, 0L));
        }
        gauges.register("bounceguard_batv_signed", () -> counters.snapshot().batvSigned());
        gauges.register("bounceguard_batv_verified", () -> counters.snapshot().batvVerified());
        gauges.register("bounceguard_batv_failed", () -> counters.snapshot().batvFailed());
    }

    public BackscatterCounters counters() {
        return counters;
    }

    /** A bounce from outside: null sender, postmaster@ or MAILER-DAEMON@, not made by this server. */
    public static boolean isIncomingBounce(Mail mail) {
        if (mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent()) {
            return false;
        }
        return mail.getMaybeSender().asOptional()
            .map(MailAddress::getLocalPart)
            .map(local -> local.toLowerCase(Locale.ROOT))
            .map(local -> local.equals("postmaster") || local.equals("mailer-daemon"))
            .orElse(true);
    }

    public BackscatterEvidence evidence(Mail mail) {
        Optional<BounceReport> report = ownRelays.isPresent() || ledger.isPresent() ? parse(mail) : Optional.empty();
        return new BackscatterEvidence(batvEvidence(mail), relayEvidence(report), safeModeListed(mail), ledgerEvidence(mail, report));
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

    /**
     * Whether the Message-ID the bounce returns is one we relayed to its recipient; empty (no
     * evidence) when the ledger is off, the bounce returns no Message-ID, or the ledger cannot answer.
     */
    private Optional<Boolean> ledgerEvidence(Mail mail, Optional<BounceReport> report) {
        if (ledger.isEmpty()) {
            return Optional.empty();
        }
        OutboundLedgerService service = ledger.get();
        Optional<String> messageId = report.flatMap(BounceReport::originalMessageId);
        if (messageId.isEmpty()) {
            service.recordNoEvidence();
            return Optional.empty();
        }
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        return switch (service.answers(messageId.get(), recipients)) {
            case HIT -> Optional.of(true);
            case MISS -> Optional.of(false);
            case UNAVAILABLE -> Optional.empty();
        };
    }

    /** All recipients in signing domains valid → valid; otherwise the first failure; empty when none signs. */
    private static Optional<BatvResult> batvEvidence(Mail mail) {
        Map<String, String> results = batvResults(mail);
        Optional<BatvResult> firstFailure = results.entrySet().stream()
            .filter(entry -> !entry.getValue().equals(BatvTagging.VALID))
            .findFirst()
            .map(entry -> BatvTagging.toResult(entry.getKey(), entry.getValue()));
        if (firstFailure.isPresent()) {
            return firstFailure;
        }
        return results.keySet().stream().findFirst().map(address -> new BatvResult.Valid(address, -1));
    }

    static Map<String, String> batvResults(Mail mail) {
        return mail.getAttribute(BATV_RESULTS)
            .map(Attribute::getValue)
            .map(AttributeValue::value)
            .filter(Map.class::isInstance)
            .map(map -> {
                ImmutableMap.Builder<String, String> results = ImmutableMap.builder();
                ((Map<?, ?>) map).forEach((key, value) -> results.put(String.valueOf(key),
                    String.valueOf(value instanceof AttributeValue<?> attributeValue ? attributeValue.value() : value)));
                return (Map<String, String>) results.buildKeepingLast();
            })
            .orElse(Map.of());
    }

    /**
     * Whether the original headers a bounce returns name one of our relays; empty (no evidence)
     * when no relays are configured or the bounce returns no Received headers.
     */
    private Optional<Boolean> relayEvidence(Optional<BounceReport> report) {
        if (ownRelays.isEmpty()) {
            return Optional.empty();
        }
        List<String> received = report.flatMap(BounceReport::original).map(OriginalMessage::received).orElse(List.of());
        return received.isEmpty() ? Optional.empty() : Optional.of(ownRelays.get().appearIn(received));
    }

    private static boolean safeModeListed(Mail mail) {
        return !VerdictAttributes.safeModeListedZones(mail).isEmpty();
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
        public long getQuarantined() {
            return counters.snapshot().quarantined();
        }

        @Override
        public Map<String, Long> getQuarantinedByReason() {
            Map<String, Long> byReason = new TreeMap<>();
            counters.snapshot().quarantinedByReason().forEach((reason, count) -> byReason.put(reason.code(), count));
            return byReason;
        }

        @Override
        public long quarantinedFor(String reasonCode) {
            return BackscatterReason.fromCode(reasonCode)
                .map(reason -> counters.snapshot().quarantinedByReason().getOrDefault(reason, 0L))
                .orElse(0L);
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
