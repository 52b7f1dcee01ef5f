package org.bounceguard.james;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.bounceguard.backscatter.batv.BatvKeys;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.backscatter.batv.BatvSigner;
import org.bounceguard.backscatter.batv.BatvTag;
import org.bounceguard.backscatter.batv.BatvVerifier;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;

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
    public BatvService(BounceguardSettings settings) {
        this(keys(settings), validityDays(settings), domains(settings), Clock.systemUTC());
    }

    public BatvService(BatvKeys keys, int validityDays, Set<String> domains, Clock clock) {
        this.signer = new BatvSigner(keys, validityDays);
        this.verifier = new BatvVerifier(keys, validityDays);
        this.domains = domains;
        this.clock = clock;
    }

    private static BatvKeys keys(BounceguardSettings settings) {
        String text = settings.value("batv.keys").orElseThrow(() -> new IllegalArgumentException(
            "bounceguard.properties: batv.keys is required by the BATV mailets and hooks: e.g. batv.keys=1:<at least 16 random characters>"));
        try {
            return BatvKeys.parse(text);
        } catch (IllegalArgumentException e) {
            // the parser's messages never contain the secret
            throw new IllegalArgumentException("bounceguard.properties: batv.keys: " + e.getMessage(), e);
        }
    }

    private static int validityDays(BounceguardSettings settings) {
        return settings.number("batv.validityDays").map(Math::toIntExact).orElse(BatvTag.DEFAULT_VALIDITY_DAYS);
    }

    private static Set<String> domains(BounceguardSettings settings) {
        return settings.value("batv.domains")
            .map(text -> Splitter.onPattern("[,\\s]+").omitEmptyStrings().splitToStream(text)
                .map(domain -> domain.toLowerCase(Locale.ROOT))
                .collect(ImmutableSet.toImmutableSet()))
            .orElse(ImmutableSet.of());
    }

    /** Whether mail from / to this domain is signed, given whether it is a local domain of this server. */
    public boolean signs(String domain, boolean local) {
        return domains.isEmpty() ? local : domains.contains(domain.toLowerCase(Locale.ROOT));
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
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
