package org.bounceguard.suppression;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a non-delivery report (NDR) was not sent.
 *
 * <p>The declaration order is the order in which {@link NdrDecision#reasons()} lists reasons;
 * it is part of the contract (logs and tests rely on it). {@link #code()} is the stable wire
 * name used in mail attributes, logs and metrics; it never depends on {@link #name()}, so the
 * constants may be renamed in Java without changing what operators see.
 */
public enum SuppressionReason {
    /** The DNSBL score of the failed mail's source reached the policy threshold. */
    DNSBL_LISTED("dnsbl-listed"),
    /** SPF for the envelope sender returned {@code fail}. */
    SPF_FAIL("spf-fail"),
    /** SPF returned {@code softfail} and the policy treats that as dubious. */
    SPF_SOFTFAIL("spf-softfail"),
    /** The failed mail was flagged as spam. */
    SPAM_FLAGGED("spam-flagged"),
    /** The failed mail is itself a bounce: null reverse-path or a MAILER-DAEMON sender. */
    NULL_SENDER("null-sender"),
    /** The failed mail carries {@code Auto-Submitted} with a value other than {@code no} (RFC 3834). */
    AUTO_SUBMITTED("auto-submitted"),
    /** The failed mail carries {@code Precedence: bulk}, {@code junk} or {@code list}. */
    PRECEDENCE("precedence"),
    /** The envelope sender's domain has no MX, A or AAAA record: the NDR could not be delivered. */
    SENDER_DOMAIN_UNROUTABLE("sender-domain-unroutable"),
    /** The failed mail was itself classified as backscatter. */
    BACKSCATTER("backscatter"),
    /**
     * Strict mode ({@link NdrMode#AUTHENTICATED_ONLY}) only: nothing proves that the envelope sender
     * sent the failed mail - no SMTP AUTH, not a local address, no SPF pass, no aligned DKIM pass.
     */
    RETURN_PATH_UNPROVEN("return-path-unproven"),
    /** The NDR would exceed the per-destination rate limit ({@link NdrRateLimiter}). */
    RATE_LIMITED("rate-limited"),
    /** The mail was reprocessed from a repository after this server had already answered it once. */
    ALREADY_ANSWERED("already-answered");

    private final String code;

    SuppressionReason(String code) {
        this.code = code;
    }

    /** The stable, lowercase wire name, e.g. {@code spf-softfail}. */
    public String code() {
        return code;
    }

    /**
     * The reason whose {@link #code()} equals {@code code}, ignoring case and surrounding
     * whitespace; empty for {@code null} or an unknown code.
     */
    public static Optional<SuppressionReason> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        for (SuppressionReason reason : values()) {
            if (reason.code.equals(wanted)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return code;
    }
}
