package org.bounceguard.suppression;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.bounceguard.bounce.AutomaticMail;
import org.bounceguard.net.Addresses;
import org.bounceguard.net.DomainNames;

/**
 * Decides whether a non-delivery report may be sent for a failed mail. The rule, in the spirit of
 * Microsoft EOP: never bounce to a dubious source; drop silently instead.
 *
 * <p>Every signal is evaluated independently and every applicable reason is reported, in
 * {@link SuppressionReason} declaration order:
 * <ol>
 *   <li>{@code dnsbl-listed}: a DNSBL score at or above {@link NdrPolicy#dnsblThreshold()};</li>
 *   <li>{@code spf-fail}: SPF result {@code fail};</li>
 *   <li>{@code spf-softfail}: SPF result {@code softfail}, when {@link NdrPolicy#suppressOnSpfSoftfail()};</li>
 *   <li>{@code spam-flagged}: flagged as spam, when {@link NdrPolicy#suppressOnSpam()};</li>
 *   <li>{@code null-sender}: the failed mail is itself a bounce by its reverse path - null,
 *       {@code postmaster@} or {@code MAILER-DAEMON@} ({@link Addresses#isBounceSender}, the rule
 *       every part of Bounceguard uses);</li>
 *   <li>{@code auto-submitted}: {@code Auto-Submitted} present with a keyword other than {@code no}
 *       (parameters after {@code ;} and comments in parentheses are ignored; a present but empty
 *       header counts as automatic), when {@link NdrPolicy#suppressAutoSubmitted()};</li>
 *   <li>{@code precedence}: {@code Precedence} is {@code bulk}, {@code junk} or {@code list},
 *       when {@link NdrPolicy#suppressPrecedence()};</li>
 *   <li>{@code sender-domain-unroutable}: the sender's domain is known to have no MX/A/AAAA,
 *       when {@link NdrPolicy#checkSenderDomain()} (unknown never suppresses);</li>
 *   <li>{@code backscatter}: the failed mail was classified as backscatter;</li>
 *   <li>{@code return-path-unproven}: in {@link NdrMode#AUTHENTICATED_ONLY} only, for a non-null
 *       sender: no SMTP AUTH, not a local address, no SPF {@code pass}, and no verified DKIM
 *       signature whose domain is aligned with the sender's (equal, or one a subdomain of the other:
 *       DMARC's relaxed alignment without a public-suffix list).</li>
 * </ol>
 * Header and SPF values are trimmed and compared case-insensitively; unknown SPF values
 * ({@code pass}, {@code neutral}, {@code none}, {@code temperror}, {@code permerror}, anything
 * else) never suppress. {@code rate-limited} is never produced here: it is the
 * {@link NdrRateLimiter}'s verdict, applied after this decision allows an NDR.
 *
 * <p>Immutable and thread-safe.
 */
public final class NdrGuard {

    private static final Set<String> SUPPRESSING_PRECEDENCE = Set.of("bulk", "junk", "list");
    /** Characters of an Auto-Submitted or Precedence value read: {@link AutomaticMail#MAX_HEADER_VALUE}. */
    public static final int MAX_HEADER_VALUE = AutomaticMail.MAX_HEADER_VALUE;

    private final NdrPolicy policy;

    public NdrGuard(NdrPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public static NdrGuard withDefaults() {
        return new NdrGuard(NdrPolicy.defaults());
    }

    public NdrPolicy policy() {
        return policy;
    }

    public NdrDecision decide(NdrSignals signals) {
        Objects.requireNonNull(signals, "signals");
        EnumSet<SuppressionReason> reasons = EnumSet.noneOf(SuppressionReason.class);

        if (signals.dnsblScore().isPresent() && signals.dnsblScore().getAsInt() >= policy.dnsblThreshold()) {
            reasons.add(SuppressionReason.DNSBL_LISTED);
        }
        Optional<String> spf = signals.spfResult().map(NdrGuard::fold);
        if (spf.filter("fail"::equals).isPresent()) {
            reasons.add(SuppressionReason.SPF_FAIL);
        }
        if (policy.suppressOnSpfSoftfail() && spf.filter("softfail"::equals).isPresent()) {
            reasons.add(SuppressionReason.SPF_SOFTFAIL);
        }
        if (policy.suppressOnSpam() && signals.spamFlagged()) {
            reasons.add(SuppressionReason.SPAM_FLAGGED);
        }
        if (Addresses.isBounceSender(signals.envelopeSender())) {
            reasons.add(SuppressionReason.NULL_SENDER);
        }
        if (policy.suppressAutoSubmitted() && signals.autoSubmitted().filter(AutomaticMail::isAutomatic).isPresent()) {
            reasons.add(SuppressionReason.AUTO_SUBMITTED);
        }
        if (policy.suppressPrecedence() && signals.precedence().filter(NdrGuard::isBulkPrecedence).isPresent()) {
            reasons.add(SuppressionReason.PRECEDENCE);
        }
        if (policy.checkSenderDomain() && signals.senderDomainRoutable().filter(routable -> !routable).isPresent()) {
            reasons.add(SuppressionReason.SENDER_DOMAIN_UNROUTABLE);
        }
        if (signals.backscatter()) {
            reasons.add(SuppressionReason.BACKSCATTER);
        }
        if (policy.mode() == NdrMode.AUTHENTICATED_ONLY && signals.envelopeSender().isPresent()
                && !reasons.contains(SuppressionReason.NULL_SENDER) && !isReturnPathProven(signals, spf)) {
            reasons.add(SuppressionReason.RETURN_PATH_UNPROVEN);
        }

        return reasons.isEmpty() ? NdrDecision.allow() : new NdrDecision(false, List.copyOf(reasons));
    }

    private static boolean isReturnPathProven(NdrSignals signals, Optional<String> spf) {
        if (signals.senderAuthenticated() || signals.senderLocal() || spf.filter("pass"::equals).isPresent()) {
            return true;
        }
        Optional<String> senderDomain = signals.envelopeSender().flatMap(Addresses::domain);
        return senderDomain.isPresent() && signals.dkimPassDomains().stream()
                .map(domain -> DomainNames.fold(domain.trim().startsWith("@") ? domain.trim().substring(1) : domain))
                .anyMatch(domain -> isAligned(domain, senderDomain.get()));
    }

    /** Relaxed alignment on label boundaries; a bare top-level label never aligns with anything but itself. */
    private static boolean isAligned(String signingDomain, String senderDomain) {
        if (signingDomain.isEmpty() || !signingDomain.contains(".") && !signingDomain.equals(senderDomain)) {
            return false;
        }
        return signingDomain.equals(senderDomain)
                || senderDomain.endsWith("." + signingDomain)
                || signingDomain.endsWith("." + senderDomain) && senderDomain.contains(".");
    }

    private static boolean isBulkPrecedence(String headerValue) {
        return SUPPRESSING_PRECEDENCE.contains(keyword(headerValue));
    }

    /** As {@link AutomaticMail#keyword}. */
    static String keyword(String headerValue) {
        return AutomaticMail.keyword(headerValue);
    }

    private static String fold(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
