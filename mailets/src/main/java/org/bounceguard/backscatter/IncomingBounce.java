package org.bounceguard.backscatter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.bounce.BounceReport;

import com.google.common.base.Suppliers;

/**
 * What the evidence sources may look at about one incoming bounce. The parsed report is read at
 * most once, and only when a source asks for it.
 */
public final class IncomingBounce {
    private final List<String> recipients;
    private final Map<String, BatvResult> batvResults;
    private final List<String> safeListedZones;
    private final Supplier<Optional<BounceReport>> report;
    private final Optional<String> inReplyTo;

    /**
     * @param recipients the bounce's envelope recipients (untagged, as delivered)
     * @param batvResults the BATV verdict per recipient of a signing domain
     * @param safeListedZones the safe-mode DNSBL zones that list the bounce's sending host
     * @param report reads the bounce (its returned headers, the original's Message-ID); empty when unreadable
     */
    public IncomingBounce(List<String> recipients, Map<String, BatvResult> batvResults, List<String> safeListedZones,
                          Supplier<Optional<BounceReport>> report) {
        this(recipients, batvResults, safeListedZones, report, Optional.empty());
    }

    /**
     * As above, with the first Message-ID of the bounce's own {@code In-Reply-To} header: the
     * original an auto-reply answers, where it returns no copy of it.
     */
    public IncomingBounce(List<String> recipients, Map<String, BatvResult> batvResults, List<String> safeListedZones,
                          Supplier<Optional<BounceReport>> report, Optional<String> inReplyTo) {
        this.inReplyTo = inReplyTo;
        this.recipients = List.copyOf(recipients);
        this.batvResults = Collections.unmodifiableMap(new LinkedHashMap<>(batvResults));
        this.safeListedZones = List.copyOf(safeListedZones);
        this.report = Suppliers.memoize(report::get);
    }

    public List<String> recipients() {
        return recipients;
    }

    /** In recipient order when the caller gave an ordered map. */
    public Map<String, BatvResult> batvResults() {
        return batvResults;
    }

    public List<String> safeListedZones() {
        return safeListedZones;
    }

    public Optional<BounceReport> report() {
        return report.get();
    }

    public Optional<String> inReplyTo() {
        return inReplyTo;
    }
}
