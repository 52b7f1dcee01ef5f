package org.bounceguard.backscatter;

import java.util.Set;

/**
 * One kind of evidence about an incoming bounce: whether it answers mail we really sent. A source
 * looks at the bounce and gives a {@link Signal} - proof that it is legitimate, a reason to think
 * it is backscatter, or nothing. Backscatter detection asks every configured source
 * ({@code backscatter.evidence} in {@code bounceguard.properties}, by name); adding a signal is
 * writing one of these and binding it under its name in a Guice module (the Guice module's map of
 * evidence sources), whose constructor may then take injected dependencies.
 */
public interface EvidenceSource {
    /** The name configuration uses for it, e.g. {@code batv}. */
    String name();

    /** The reason codes it can give, e.g. {@code batv-missing}: what {@code IsBackscatter} may weigh and JMX counts. */
    Set<String> reasons();

    /** What it says about this bounce. Must not throw for any input; a source that cannot tell gives {@link Signal#NONE}. */
    Signal examine(IncomingBounce bounce);
}
