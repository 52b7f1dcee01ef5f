package org.bounceguard.dnsbl;

import java.util.List;
import java.util.Optional;

/**
 * What one zone says about one address when an operator asks: its A answers (empty: not listed),
 * whether they match the zone's return-code filter, its TXT reason, whether the answer came from
 * the cache, or why there is no answer. Zones are shown by their display name only.
 *
 * @param weight the summed weight of the zone's specs whose return-code filter matches (0 when none does)
 * @param listed whether a spec of the zone counts the answer (its return-code filter matches)
 * @param cached whether the answer came from the engine's cache rather than a query just now
 * @param error why the zone gave no answer (TIMEOUT, DISABLED, ...), if it did not
 */
public record ZoneLookup(String zone, boolean safeMode, int weight, List<String> codes, boolean listed, Optional<String> reason,
                         boolean cached, Optional<ErrorKind> error, Optional<String> errorDetail) {
    public ZoneLookup {
        codes = List.copyOf(codes);
    }
}
