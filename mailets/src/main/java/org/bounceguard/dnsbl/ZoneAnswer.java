package org.bounceguard.dnsbl;

import java.util.List;
import java.util.Optional;

/**
 * What a zone answered for one query name, as cached: the A answers in 127.0.0.0/8 (empty = not
 * listed), the TXT reason, and how long the answer may be cached (its TTL, bounded by the
 * engine's minimum and maximum, or the negative TTL).
 */
record ZoneAnswer(List<ReturnCode> codes, Optional<String> reason, long ttlNanos) {
    ZoneAnswer {
        codes = List.copyOf(codes);
    }

    static ZoneAnswer notListed(long ttlNanos) {
        return new ZoneAnswer(List.of(), Optional.empty(), ttlNanos);
    }

    boolean listed() {
        return !codes.isEmpty();
    }

    ZoneAnswer withReason(Optional<String> value) {
        return new ZoneAnswer(codes, value, ttlNanos);
    }

    /** The answers a spec's return-code filter counts, as text. */
    List<String> matching(ZoneSpec spec) {
        return codes.stream().filter(code -> code.matches(spec)).map(ReturnCode::text).toList();
    }

    List<String> texts() {
        return codes.stream().map(ReturnCode::text).toList();
    }
}
