package org.bounceguard.backscatter.batv;

import java.util.Objects;

/** What {@link BatvVerifier} concluded about an address. */
public sealed interface BatvResult permits BatvResult.NotTagged, BatvResult.Valid, BatvResult.Invalid {

    /** The address without its tag; for {@link NotTagged} and a {@code MALFORMED} tag, the address as given. */
    String originalAddress();

    /** True only for {@link Valid}. */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /** The address does not start with {@code prvs=}: it was not tagged by anyone. */
    record NotTagged(String address) implements BatvResult {
        public NotTagged {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String originalAddress() {
            return address;
        }
    }

    /** A tag we signed with key {@code keyNumber}, not expired. */
    record Valid(String originalAddress, int keyNumber) implements BatvResult {
        public Valid {
            Objects.requireNonNull(originalAddress, "originalAddress");
        }
    }

    /** A {@code prvs=} address that we cannot vouch for. */
    record Invalid(String originalAddress, Reason reason) implements BatvResult {
        public Invalid {
            Objects.requireNonNull(originalAddress, "originalAddress");
            Objects.requireNonNull(reason, "reason");
        }

        public enum Reason {
            /** Starts with {@code prvs=} but is not {@code prvs=KDDDSSSSSS=local@domain}. */
            MALFORMED,
            /** Signed with a key number that is not (or no longer) configured. */
            UNKNOWN_KEY,
            /** The signature does not match: forged or tampered with. */
            BAD_SIGNATURE,
            /** Authentic, but its expiry day is not within the validity window. */
            EXPIRED
        }
    }
}
