package org.bounceguard.findings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.net.TrustedRelays;

/**
 * How one {@code DnsblCheck} declaration (or a guard's or matcher's own look-up) checks a mail. Two
 * equal settings make the same verdict, so a verdict made in the SMTP session for one
 * ({@link AttachedVerdict}) is reused only by a check with equal settings.
 *
 * @param zones the zones asked, in their configured order
 * @param deadline how long to wait for the zones; empty: the engine's deadline
 * @param trustedRelays relays whose Received headers name the client to judge
 * @param checkAuthenticated whether SMTP-authenticated mail is checked too (else it gets score 0)
 */
public record DnsblCheckSettings(List<ZoneSpec> zones, Optional<Duration> deadline, TrustedRelays trustedRelays, boolean checkAuthenticated) {
    public DnsblCheckSettings {
        zones = List.copyOf(zones);
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(trustedRelays, "trustedRelays");
    }

    /** A look-up of {@code zones} within the engine's deadline, through no relay, of every mail. */
    public static DnsblCheckSettings of(List<ZoneSpec> zones) {
        return new DnsblCheckSettings(zones, Optional.empty(), TrustedRelays.NONE, true);
    }
}
