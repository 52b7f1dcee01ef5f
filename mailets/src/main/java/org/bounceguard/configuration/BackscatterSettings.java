package org.bounceguard.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bounceguard.backscatter.OwnRelays;

/**
 * {@code backscatter.*}: the relays our outbound mail leaves through and the evidence sources
 * asked about an incoming bounce, by name, in order.
 */
public record BackscatterSettings(Optional<OwnRelays> ownRelays, Optional<List<String>> evidence) {
    public BackscatterSettings {
        evidence = evidence.map(List::copyOf);
    }

    static BackscatterSettings read(SettingsText text) {
        return new BackscatterSettings(
            text.value("backscatter.ownRelays").map(value -> text.parse("backscatter.ownRelays", value, OwnRelays::parse)),
            text.list("backscatter.evidence"));
    }

    /**
     * The sources to ask: those {@code backscatter.evidence} names, or by default {@code batv},
     * {@code relays} when {@code backscatter.ownRelays} is set, {@code backscatterer}, and
     * {@code ledger} when the ledger is enabled.
     */
    public List<String> sourceNames(boolean ledgerEnabled) {
        return sourceNames(ledgerEnabled, false);
    }

    /** As {@link #sourceNames(boolean)}, with {@code srs} last by default when SRS is configured ({@code srs.domain}). */
    public List<String> sourceNames(boolean ledgerEnabled, boolean srsEnabled) {
        return evidence.orElseGet(() -> {
            List<String> defaults = new ArrayList<>(List.of("batv"));
            ownRelays.ifPresent(relays -> defaults.add("relays"));
            defaults.add("backscatterer");
            if (ledgerEnabled) {
                defaults.add("ledger");
            }
            if (srsEnabled) {
                defaults.add("srs");
            }
            return List.copyOf(defaults);
        });
    }
}
