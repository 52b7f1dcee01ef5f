package org.bounceguard.backscatter.batv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the BATV tag on the recipient of an incoming bounce: a bounce to a {@code prvs=}
 * address we really signed is genuine; one to an untagged, forged or stale address is likely
 * backscatter (what to do with each is the caller's policy).
 *
 * <p>Checks, in order: the shape ({@code MALFORMED}), the key number ({@code UNKNOWN_KEY}), the
 * signature ({@code BAD_SIGNATURE}, compared in constant time), then the expiry ({@code EXPIRED}).
 * Expiry uses modulo-1000 day arithmetic: a tag is valid when its expiry day is {@code today} or
 * one of the next {@code validityDays} days (mod 1000); anything else, including expiry days
 * further in the future, is {@code EXPIRED}. A tag therefore reappears as fresh 1000 days later;
 * that is inherent in the format. Immutable and thread-safe.
 */
public final class BatvVerifier {

    private final BatvKeys keys;
    private final int validityDays;

    /** Verifies against every configured key with the default validity ({@value BatvTag#DEFAULT_VALIDITY_DAYS} days). */
    public BatvVerifier(BatvKeys keys) {
        this(keys, BatvTag.DEFAULT_VALIDITY_DAYS);
    }

    /**
     * @param validityDays must match the signer's
     * @throws IllegalArgumentException if {@code validityDays} is not 1 to {@value BatvTag#MAX_VALIDITY_DAYS}
     */
    public BatvVerifier(BatvKeys keys, int validityDays) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.validityDays = BatvTag.requireValidityDays(validityDays);
    }

    /**
     * Verifies {@code address}. Never throws on garbage: anything starting with {@code prvs=} that
     * is not a well-formed tag is {@code Invalid(MALFORMED)}, anything else {@code NotTagged}.
     *
     * @param address a bare address as James gives it (no angle brackets); not null
     * @param today   the current day (UTC)
     */
    public BatvResult verify(String address, LocalDate today) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(today, "today");
        if (!BatvTag.hasPrefix(address)) {
            return new BatvResult.NotTagged(address);
        }
        Optional<BatvTag> parsed = BatvTag.parse(address);
        if (parsed.isEmpty()) {
            return new BatvResult.Invalid(address, BatvResult.Invalid.Reason.MALFORMED);
        }
        BatvTag tag = parsed.get();
        if (!keys.accepts(tag.keyNumber())) {
            return new BatvResult.Invalid(tag.originalAddress(), BatvResult.Invalid.Reason.UNKNOWN_KEY);
        }
        byte[] expected = keys.signature(tag.keyNumber(), tag.signedData()).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = tag.signature().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return new BatvResult.Invalid(tag.originalAddress(), BatvResult.Invalid.Reason.BAD_SIGNATURE);
        }
        int daysLeft = Math.floorMod(tag.expiryDay() - BatvTag.dayCode(today), 1000);
        if (daysLeft > validityDays) {
            return new BatvResult.Invalid(tag.originalAddress(), BatvResult.Invalid.Reason.EXPIRED);
        }
        return new BatvResult.Valid(tag.originalAddress(), tag.keyNumber());
    }

    /** The original address of a well-formed {@code prvs=} tagged address; empty otherwise. Never throws. */
    public static Optional<String> stripTag(String address) {
        return BatvTag.parse(address).map(BatvTag::originalAddress);
    }

    public int validityDays() {
        return validityDays;
    }

    @Override
    public String toString() {
        return "BatvVerifier[keys=" + keys + ", validityDays=" + validityDays + "]";
    }
}
