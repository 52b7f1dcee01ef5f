package org.bounceguard.services;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.bounceguard.backscatter.batv.BatvKeys;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.backscatter.batv.BatvSigner;
import org.bounceguard.backscatter.batv.BatvVerifier;
import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.net.DomainNames;

/**
 * BATV for one James server: keys from {@code batv.keys} in {@code bounceguard.properties}
 * (never logged), validity {@code batv.validityDays}, and which domains sign
 * ({@code batv.domains}; empty = every local domain). Stateless: a tag made on one node verifies
 * on every node with the same keys.
 *
 * <p>Created only when a BATV mailet, matcher or hook is configured; a missing or short key then
 * stops James's start-up with a message saying which setting to fix.
 */
@Singleton
public class BatvService {
    private final BatvSigner signer;
    private final BatvVerifier verifier;
    private final Set<String> domains;
    private final Clock clock;

    @Inject
    public BatvService(BounceguardSettings settings, Clock clock) {
        this(settings.batv().requiredKeys(), settings.batv().validityDays(), settings.batv().domains(), clock);
    }

    public BatvService(BatvKeys keys, int validityDays, Set<String> domains, Clock clock) {
        this.signer = new BatvSigner(keys, validityDays);
        this.verifier = new BatvVerifier(keys, validityDays);
        this.domains = domains;
        this.clock = clock;
    }

    /** Whether mail from / to this domain is signed, given whether it is a local domain of this server. */
    public boolean signs(String domain, boolean local) {
        return domains.isEmpty() ? local : domains.contains(DomainNames.fold(domain));
    }

    public String sign(String address) {
        return signer.sign(address, today());
    }

    public BatvResult verify(String address) {
        return verifier.verify(address, today());
    }

    public static Optional<String> stripTag(String address) {
        return BatvVerifier.stripTag(address);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
