package org.bounceguard.backscatter;

import java.util.List;
import java.util.Set;

import org.bounceguard.bounce.BounceReport;
import org.bounceguard.bounce.OriginalMessage;

/**
 * Our relays ({@code backscatter.ownRelays}): a bounce that returns the original's Received
 * chain naming none of them answers mail that never passed through us ({@code relays-unknown}).
 * A bounce without returned headers, or naming one of them, gives no evidence: headers are easy
 * to copy, so naming us proves nothing.
 */
public final class RelayEvidenceSource implements EvidenceSource {
    public static final String RELAYS_UNKNOWN = "relays-unknown";

    private final OwnRelays ownRelays;

    public RelayEvidenceSource(OwnRelays ownRelays) {
        this.ownRelays = ownRelays;
    }

    @Override
    public String name() {
        return "relays";
    }

    @Override
    public Set<String> reasons() {
        return Set.of(RELAYS_UNKNOWN);
    }

    @Override
    public Signal examine(IncomingBounce bounce) {
        List<String> received = bounce.report().flatMap(BounceReport::original).map(OriginalMessage::received).orElse(List.of());
        return received.isEmpty() || ownRelays.appearIn(received) ? Signal.NONE : Signal.reason(RELAYS_UNKNOWN);
    }
}
