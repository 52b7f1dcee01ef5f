package org.bounceguard.backscatter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured evidence sources, asked in order; a source that throws gives no evidence. */
public final class EvidenceSources {
    private static final Logger LOGGER = LoggerFactory.getLogger(EvidenceSources.class);

    private final List<EvidenceSource> sources;

    public EvidenceSources(List<EvidenceSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<EvidenceSource> sources() {
        return sources;
    }

    /** Every reason code the sources can give, in source order. */
    public Set<String> reasons() {
        Set<String> reasons = new LinkedHashSet<>();
        sources.forEach(source -> reasons.addAll(source.reasons().stream().sorted().toList()));
        return reasons;
    }

    /**
     * Asks every source. A recipient is proven when any source proves it; the reasons kept are those
     * of sources that left at least one recipient unproven by every source.
     */
    public BackscatterEvidence examine(IncomingBounce bounce) {
        List<Signal> signals = new ArrayList<>();
        for (EvidenceSource source : sources) {
            try {
                signals.add(source.examine(bounce));
            } catch (RuntimeException e) {
                LOGGER.warn("Backscatter evidence source {} failed; no evidence from it", source.name(), e);
                signals.add(Signal.NONE);
            }
        }
        Set<String> proven = new LinkedHashSet<>();
        List<String> unproven = new ArrayList<>();
        for (String recipient : bounce.recipients()) {
            if (signals.stream().anyMatch(signal -> signal.proves(recipient))) {
                proven.add(recipient);
            } else {
                unproven.add(recipient);
            }
        }
        List<String> reasons = new ArrayList<>();
        List<String> proofs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Signal signal = signals.get(i);
            if (signal.proof()) {
                proofs.add(sources.get(i).name());
            }
            boolean against = unproven.stream().anyMatch(recipient -> !signal.proves(recipient));
            signal.reason().filter(reason -> against && !reasons.contains(reason)).ifPresent(reasons::add);
        }
        return new BackscatterEvidence(reasons, proofs, proven);
    }
}
