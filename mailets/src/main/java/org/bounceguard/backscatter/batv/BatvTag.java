package org.bounceguard.backscatter.batv;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A BATV {@code prvs=} tag (draft-levine-smtp-batv) as it appears in an envelope sender:
 * {@code prvs=KDDDSSSSSS=user@domain}.
 * <ul>
 *   <li>{@code K}: key number, one digit 0–9 ({@link BatvKeys});</li>
 *   <li>{@code DDD}: the last valid day, as days since 1970-01-01 (UTC) modulo 1000, three digits;</li>
 *   <li>{@code SSSSSS}: the first six hex digits (lowercase) of HMAC-SHA1 with key {@code K}'s
 *       secret over the ASCII string {@code K DDD user@domain}, the address lowercased
 *       ({@link Locale#ROOT}; a non-ASCII SMTPUTF8 address is hashed as UTF-8).</li>
 * </ul>
 * {@link #parse(String)} never throws: anything that is not exactly this shape is empty.
 * Only this form is recognised, not the older {@code prvs=user=KDDDSSSSSS@domain}.
 *
 * @param keyNumber       0–9
 * @param expiryDay       0–999
 * @param signature       six hex digits; stored lowercase
 * @param originalAddress the untagged address, case as received
 */
public record BatvTag(int keyNumber, int expiryDay, String signature, String originalAddress) {

    /** Default number of days after signing that a tag remains valid. */
    public static final int DEFAULT_VALIDITY_DAYS = 7;
    /** Largest validity accepted: far below the 1000-day wrap of {@code DDD}. */
    public static final int MAX_VALIDITY_DAYS = 365;

    static final String PREFIX = "prvs=";
    private static final int TAG_LENGTH = PREFIX.length() + 1 + 3 + 6 + 1; // prvs= K DDD SSSSSS =

    public BatvTag {
        if (keyNumber < 0 || keyNumber > 9) {
            throw new IllegalArgumentException("BATV key number must be 0-9, got " + keyNumber);
        }
        if (expiryDay < 0 || expiryDay > 999) {
            throw new IllegalArgumentException("BATV expiry day must be 0-999, got " + expiryDay);
        }
        Objects.requireNonNull(signature, "signature");
        if (signature.length() != 6 || !allHex(signature, 0, 6)) {
            throw new IllegalArgumentException("BATV signature must be 6 hex digits, got '" + signature + "'");
        }
        signature = signature.toLowerCase(Locale.ROOT);
        if (!isPlainAddress(originalAddress)) {
            throw new IllegalArgumentException("not a plain local@domain address: '" + originalAddress + "'");
        }
    }

    /**
     * The tag in {@code address}, if it is exactly a well-formed {@code prvs=} tagged address
     * ({@code prvs=} and hex digits in any case). Never throws; {@code null} gives empty.
     */
    public static Optional<BatvTag> parse(String address) {
        if (!hasPrefix(address) || address.length() <= TAG_LENGTH) {
            return Optional.empty();
        }
        int k = PREFIX.length();
        if (!isDigit(address.charAt(k))
                || !isDigit(address.charAt(k + 1)) || !isDigit(address.charAt(k + 2)) || !isDigit(address.charAt(k + 3))
                || !allHex(address, k + 4, k + 10)
                || address.charAt(k + 10) != '=') {
            return Optional.empty();
        }
        String original = address.substring(TAG_LENGTH);
        if (!isPlainAddress(original)) {
            return Optional.empty();
        }
        int keyNumber = address.charAt(k) - '0';
        int expiryDay = Integer.parseInt(address, k + 1, k + 4, 10);
        return Optional.of(new BatvTag(keyNumber, expiryDay, address.substring(k + 4, k + 10), original));
    }

    /** Whether {@code address} starts with {@code prvs=} (any case): it claims to be tagged. */
    public static boolean hasPrefix(String address) {
        return address != null && address.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** {@code today}'s day number modulo 1000, as used in {@code DDD}. */
    public static int dayCode(LocalDate day) {
        return (int) Math.floorMod(day.toEpochDay(), 1000L);
    }

    /** The tagged address: {@code prvs=KDDDSSSSSS=user@domain}. */
    public String toAddress() {
        return PREFIX + keyNumber + String.format("%03d", expiryDay) + signature + "=" + originalAddress;
    }

    /** The bytes the signature is computed over: {@code K DDD lowercased-address}. */
    byte[] signedData() {
        return signedData(keyNumber, expiryDay, originalAddress);
    }

    static byte[] signedData(int keyNumber, int expiryDay, String originalAddress) {
        String data = keyNumber + String.format("%03d", expiryDay) + originalAddress.toLowerCase(Locale.ROOT);
        return data.getBytes(StandardCharsets.UTF_8);
    }

    static int requireValidityDays(int validityDays) {
        if (validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
            throw new IllegalArgumentException("BATV validity must be 1 to " + MAX_VALIDITY_DAYS
                    + " days, got " + validityDays);
        }
        return validityDays;
    }

    /**
     * A bare {@code local@domain}: exactly one {@code @} with something on both sides, no
     * whitespace, control characters, angle brackets or quotes (quoted local parts are not signed).
     */
    static boolean isPlainAddress(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || Character.isWhitespace(c)
                    || Character.isISOControl(c)) {
                return false;
            }
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            }
        }
        return at > 0 && at < address.length() - 1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
