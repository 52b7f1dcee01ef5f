package org.bounceguard.verify;

/** Asks a backend whether it takes one recipient. {@link SmtpProbe} is the real one; tests supply their own. */
@FunctionalInterface
public interface Prober {
    /** Never throws: every failure is a {@link ProbeResult.Deferred}. */
    ProbeResult probe(Backend backend, String recipient);
}
