package org.bounceguard.srs;

import java.util.Objects;

/** What {@link SrsCodec#reverse} concluded about an address. */
public sealed interface SrsResult permits SrsResult.NotSrs, SrsResult.Valid, SrsResult.Invalid {

    default boolean isValid() {
        return this instanceof Valid;
    }

    /** Not an {@code SRS0=}/{@code SRS1=} address of our SRS domain (an address of another SRS domain included). */
    record NotSrs(String address) implements SrsResult {
        public NotSrs {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * An address we made, within its age.
     *
     * @param originalAddress where an answer goes: the original sender for {@code SRS0}, the first
     *                        forwarder's {@code SRS0} address for {@code SRS1}
     * @param source          what was known about the forwarded mail's source
     * @param scheme          {@code SRS0} or {@code SRS1}
     */
    record Valid(String originalAddress, SrsSource source, String scheme) implements SrsResult {
        public Valid {
            Objects.requireNonNull(originalAddress, "originalAddress");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(scheme, "scheme");
        }
    }

    /** An address of our SRS domain that claims to be SRS and that we cannot vouch for. */
    record Invalid(String address, Reason reason) implements SrsResult {
        public Invalid {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
        }

        public enum Reason {
            /** Starts with {@code SRS0=}/{@code SRS1=} but is not of the scheme's shape, or longer than the bound. */
            MALFORMED("srs-malformed"),
            /** The hash matches none of our secrets: made up or tampered with. */
            BAD_HASH("srs-bad-hash"),
            /** Ours, but older than {@code srs.maxAgeDays} (or dated in the future). */
            EXPIRED("srs-expired");

            private final String code;

            Reason(String code) {
                this.code = code;
            }

            /** The reason code counters, logs and backscatter findings use. */
            public String code() {
                return code;
            }
        }
    }
}
