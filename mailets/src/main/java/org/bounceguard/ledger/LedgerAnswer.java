package org.bounceguard.ledger;

/** What the outbound ledger says about a bounce: a value, so that callers branch on meaning. */
public enum LedgerAnswer {
    /** The bounce names a message we relayed, returned to an address that message carried. */
    HIT,
    /** Nothing we relayed within the retention matches: one more backscatter signal ({@code ledger-miss}). */
    MISS,
    /** The storage did not answer (error or timeout): no evidence either way, so no signal (fail open). */
    UNAVAILABLE;

    public boolean isMiss() {
        return this == MISS;
    }
}
