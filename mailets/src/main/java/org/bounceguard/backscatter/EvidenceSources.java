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

    public BackscatterEvidence examine(IncomingBounce bounce) {
        List<String> reasons = new ArrayList<>();
        List<String> proofs = new ArrayList<>();
        for (EvidenceSource source : sources) {
            Signal signal;
            try {
                signal = source.examine(bounce);
            } catch (RuntimeException e) {
                LOGGER.warn("Backscatter evidence source {} failed; no evidence from it", source.name(), e);
                signal = Signal.NONE;
            }
            if (signal.proof()) {
                proofs.add(source.name());
            }
            signal.reason().filter(reason -> !reasons.contains(reason)).ifPresent(reasons::add);
        }
        return new BackscatterEvidence(reasons, proofs);
    }
}
