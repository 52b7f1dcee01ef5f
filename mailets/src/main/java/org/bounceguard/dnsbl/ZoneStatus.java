package org.bounceguard.dnsbl;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One zone's health and counters, as the engine sees them now. */
public record ZoneStatus(String zone, ZoneKind kind, boolean enabled, Optional<String> disabledReason,
                         long queries, long listed, long errors, long timeouts, long refusals,
                         Optional<Instant> lastProbe, Optional<String> lastProbeResult,
                         Duration latencyP50, Duration latencyP95, Duration latencyP99) {
}
