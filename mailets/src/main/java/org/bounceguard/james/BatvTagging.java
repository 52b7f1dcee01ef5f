package org.bounceguard.james;

import org.bounceguard.backscatter.batv.BatvResult;

/** The BATV result codes kept on a mail (attribute {@code bounceguard.batv.results}). */
public final class BatvTagging {
    static final String VALID = "valid";
    static final String MISSING = "missing";
    static final String EXPIRED = "expired";

    private BatvTagging() {
    }

    public static String code(BatvResult result) {
        if (result instanceof BatvResult.Valid) {
            return VALID;
        }
        if (result instanceof BatvResult.NotTagged) {
            return MISSING;
        }
        BatvResult.Invalid invalid = (BatvResult.Invalid) result;
        return switch (invalid.reason()) {
            case EXPIRED -> EXPIRED;
            case MALFORMED -> "malformed";
            case UNKNOWN_KEY -> "unknown-key";
            case BAD_SIGNATURE -> "bad-signature";
        };
    }

    static BatvResult toResult(String address, String code) {
        return switch (code) {
            case VALID -> new BatvResult.Valid(address, -1);
            case MISSING -> new BatvResult.NotTagged(address);
            case EXPIRED -> new BatvResult.Invalid(address, BatvResult.Invalid.Reason.EXPIRED);
            case "malformed" -> new BatvResult.Invalid(address, BatvResult.Invalid.Reason.MALFORMED);
            case "unknown-key" -> new BatvResult.Invalid(address, BatvResult.Invalid.Reason.UNKNOWN_KEY);
            default -> new BatvResult.Invalid(address, BatvResult.Invalid.Reason.BAD_SIGNATURE);
        };
    }
}
