package org.bounceguard.dnsbl;

/** One zone's part of a check: an answer (from the cache or not) or a failure; never an exception. */
record Outcome(ZoneAnswer answer, ZoneFailure failure, boolean cached) {
    static Outcome answered(ZoneAnswer answer, boolean cached) {
        return new Outcome(answer, null, cached);
    }

    static Outcome failed(ZoneFailure failure) {
        return new Outcome(null, failure, false);
    }

    boolean isRefusal() {
        return failure != null && failure.kind == ErrorKind.REFUSED_BY_LIST;
    }
}
