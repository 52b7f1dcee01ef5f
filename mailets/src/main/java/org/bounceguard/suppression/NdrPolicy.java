package org.bounceguard.suppression;

/**
 * Which signals suppress an NDR. Parsed once from configuration by the adapter, then shared.
 *
 * <p>Signals that always suppress, whatever the policy: a DNSBL score at or above
 * {@link #dnsblThreshold()}, SPF {@code fail}, a null/MAILER-DAEMON sender and a mail
 * classified as backscatter.
 *
 * @param dnsblThreshold        DNSBL score at or above which the NDR is suppressed (at least 1; default 1: any listing)
 * @param suppressOnSpfSoftfail whether SPF {@code softfail} suppresses (default false)
 * @param suppressOnSpam        whether a spam-flagged mail suppresses (default true)
 * @param checkSenderDomain     whether a sender domain known to be unroutable suppresses (default true)
 * @param suppressAutoSubmitted whether {@code Auto-Submitted} other than {@code no} suppresses (default true)
 * @param suppressPrecedence    whether {@code Precedence: bulk|junk|list} suppresses (default true)
 * @param mode                  {@link NdrMode#DUBIOUS_SOURCE} (default): bounce unless a signal says the
 *                              source is dubious; {@link NdrMode#AUTHENTICATED_ONLY}: in addition, bounce only
 *                              to a return path something proves
 */
public record NdrPolicy(int dnsblThreshold,
                        boolean suppressOnSpfSoftfail,
                        boolean suppressOnSpam,
                        boolean checkSenderDomain,
                        boolean suppressAutoSubmitted,
                        boolean suppressPrecedence,
                        NdrMode mode) {

    /** Any positive DNSBL score: a source the verdict counts as listed never gets an NDR. */
    public static final int DEFAULT_DNSBL_THRESHOLD = 1;

    private static final NdrPolicy DEFAULTS = builder().build();

    public NdrPolicy {
        java.util.Objects.requireNonNull(mode, "mode");
        if (dnsblThreshold < 1) {
            throw new IllegalArgumentException(
                    "dnsblThreshold must be at least 1 (a DNSBL score at or above it suppresses the NDR), got "
                            + dnsblThreshold);
        }
    }

    /** The default policy. */
    public static NdrPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this policy's values. */
    public Builder toBuilder() {
        return new Builder()
                .dnsblThreshold(dnsblThreshold)
                .suppressOnSpfSoftfail(suppressOnSpfSoftfail)
                .suppressOnSpam(suppressOnSpam)
                .checkSenderDomain(checkSenderDomain)
                .suppressAutoSubmitted(suppressAutoSubmitted)
                .suppressPrecedence(suppressPrecedence)
                .mode(mode);
    }

    public static final class Builder {
        private int dnsblThreshold = DEFAULT_DNSBL_THRESHOLD;
        private boolean suppressOnSpfSoftfail = false;
        private boolean suppressOnSpam = true;
        private boolean checkSenderDomain = true;
        private boolean suppressAutoSubmitted = true;
        private boolean suppressPrecedence = true;
        private NdrMode mode = NdrMode.DUBIOUS_SOURCE;

        private Builder() {
        }

        public Builder dnsblThreshold(int value) {
            this.dnsblThreshold = value;
            return this;
        }

        public Builder suppressOnSpfSoftfail(boolean value) {
            this.suppressOnSpfSoftfail = value;
            return this;
        }

        public Builder suppressOnSpam(boolean value) {
            this.suppressOnSpam = value;
            return this;
        }

        public Builder checkSenderDomain(boolean value) {
            this.checkSenderDomain = value;
            return this;
        }

        public Builder suppressAutoSubmitted(boolean value) {
            this.suppressAutoSubmitted = value;
            return this;
        }

        public Builder suppressPrecedence(boolean value) {
            this.suppressPrecedence = value;
            return this;
        }

        public Builder mode(NdrMode value) {
            this.mode = value;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range */
        public NdrPolicy build() {
            return new NdrPolicy(dnsblThreshold, suppressOnSpfSoftfail, suppressOnSpam,
                    checkSenderDomain, suppressAutoSubmitted, suppressPrecedence, mode);
        }
    }
}
