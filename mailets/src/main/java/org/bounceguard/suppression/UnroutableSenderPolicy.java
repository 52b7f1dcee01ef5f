package org.bounceguard.suppression;

import java.util.Optional;

/**
 * What to answer at MAIL FROM for a sender whose domain cannot receive mail: nothing sent back to
 * such an address - a bounce, an auto-reply, an answer - can ever arrive, so the mail is refused
 * during the dialogue and the sending server keeps the problem.
 * <ul>
 *   <li>{@link MailDomainStatus.NullMx}: {@code 550 5.7.27} (RFC 7505 section 4.2: the domain says
 *       it accepts no mail, a statement that does not change on retry);</li>
 *   <li>{@link MailDomainStatus.NoSuchDomain} and {@link MailDomainStatus.NoMailHost}:
 *       {@code unknownDomainCode}, {@code 450} unless set, with {@code 4.1.8} or {@code 5.1.8}. A
 *       temporary code by default, as Postfix's {@code unknown_address_reject_code}: a domain
 *       that is being registered or whose zone is being fixed appears within minutes, and a
 *       legitimate sender's server retries, while a spammer's software rarely does;</li>
 *   <li>anything else - a domain that receives mail, and above all an {@link MailDomainStatus.Undetermined}
 *       answer (timeout, SERVFAIL, an unresolved alias) - is accepted: a DNS outage never refuses mail.</li>
 * </ul>
 *
 * @param unknownDomainCode the reply code for a domain that does not exist or has no mail host:
 *                          450 to 459 (try again later) or 550 to 559 (refused for good)
 */
public record UnroutableSenderPolicy(int unknownDomainCode) {
    public static final int DEFAULT_UNKNOWN_DOMAIN_CODE = 450;

    /** A refusal: the reply code and the text after it, which starts with the enhanced status code. */
    public record Refusal(int code, String text) {
    }

    public UnroutableSenderPolicy {
        if (!isAllowedCode(unknownDomainCode)) {
            throw new IllegalArgumentException("expected a reply code from 450 to 459 (try again later) or from 550 to 559 (refused),"
                + " got " + unknownDomainCode);
        }
    }

    public static UnroutableSenderPolicy defaults() {
        return new UnroutableSenderPolicy(DEFAULT_UNKNOWN_DOMAIN_CODE);
    }

    public static boolean isAllowedCode(int code) {
        return code >= 450 && code <= 459 || code >= 550 && code <= 559;
    }

    /** The refusal for a sender at {@code domain} whose DNS said {@code status}; empty: accept. */
    public Optional<Refusal> decide(String domain, MailDomainStatus status) {
        if (status instanceof MailDomainStatus.NullMx) {
            return Optional.of(new Refusal(550, "5.7.27 Sender address rejected: domain " + domain
                + " accepts no mail (null MX, RFC 7505), so no reply to this mail could be delivered"));
        }
        String enhanced = (unknownDomainCode / 100) + ".1.8";
        if (status instanceof MailDomainStatus.NoSuchDomain) {
            return Optional.of(new Refusal(unknownDomainCode, enhanced + " Sender address rejected: domain " + domain
                + " does not exist (no MX, A or AAAA record)"));
        }
        if (status instanceof MailDomainStatus.NoMailHost) {
            return Optional.of(new Refusal(unknownDomainCode, enhanced + " Sender address rejected: domain " + domain
                + " has no MX, A or AAAA record"));
        }
        return Optional.empty();
    }
}
