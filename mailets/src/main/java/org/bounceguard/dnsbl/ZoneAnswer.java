package org.bounceguard.dnsbl;

import java.util.List;
import java.util.Optional;

/**
 * What a zone answered for one query name, as cached: the A answers in 127.0.0.0/8 (empty = not
 * listed) and the TXT reason, with the moment the answer expires on the engine's ticker.
 */
record ZoneAnswer(List<String> codes, Optional<String> reason, long expiresAtNanos) {
    static final List<String> NOT_LISTED = List.of();

    ZoneAnswer {
        codes = List.copyOf(codes);
    }

    boolean listed() {
        return !codes.isEmpty();
    }
}
