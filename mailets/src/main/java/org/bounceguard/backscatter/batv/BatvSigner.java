package org.bounceguard.backscatter.batv;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Tags outgoing envelope senders with BATV {@code prvs=} tags so that bounces to addresses we
 * never used can be recognised as backscatter ({@link BatvVerifier}).
 *
 * <p>Only the envelope sender (SMTP {@code MAIL FROM}) is tagged; the {@code From:} header and
 * every other header are never touched, and are not this class's concern. The null sender
 * {@code <>} is never signed: callers pass real addresses only.
 *
 * <p>A tag signed on day {@code today} carries the expiry day {@code today + validityDays} and
 * so verifies from {@code today} through that day inclusive. Immutable and thread-safe.
 */
public final class BatvSigner {

    private final BatvKeys keys;
    private final int validityDays;

    /** Signs with the current key and the default validity ({@value BatvTag#DEFAULT_VALIDITY_DAYS} days). */
    public BatvSigner(BatvKeys keys) {
        this(keys, BatvTag.DEFAULT_VALIDITY_DAYS);
    }

    /** @throws IllegalArgumentException if {@code validityDays} is not 1 to {@value BatvTag#MAX_VALIDITY_DAYS} */
    public BatvSigner(BatvKeys keys, int validityDays) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.validityDays = BatvTag.requireValidityDays(validityDays);
    }

    /**
     * The tagged form of {@code address}. An address that already carries a well-formed tag is
     * re-signed from its original address, never tagged twice.
     *
     * @param address a bare {@code local@domain} (no angle brackets, no quoted local part)
     * @param today   the signing day (UTC), e.g. {@code LocalDate.now(clock)}
     * @throws IllegalArgumentException for the null sender, a blank or malformed address
     */
    public String sign(String address, LocalDate today) {
        Objects.requireNonNull(today, "today");
        if (address == null || address.isBlank() || address.trim().equals("<>")) {
            throw new IllegalArgumentException("the null sender is never BATV-signed");
        }
        String original = BatvTag.parse(address).map(BatvTag::originalAddress).orElse(address);
        if (!BatvTag.isPlainAddress(original)) {
            throw new IllegalArgumentException("cannot BATV-sign '" + address
                    + "': expected a bare local@domain without brackets, quotes or whitespace");
        }
        int keyNumber = keys.currentKeyNumber();
        int expiryDay = BatvTag.dayCode(today.plusDays(validityDays));
        String signature = keys.signature(keyNumber, BatvTag.signedData(keyNumber, expiryDay, original));
        return new BatvTag(keyNumber, expiryDay, signature, original).toAddress();
    }

    public int validityDays() {
        return validityDays;
    }

    @Override
    public String toString() {
        return "BatvSigner[key=" + keys.currentKeyNumber() + ", validityDays=" + validityDays + "]";
    }
}
