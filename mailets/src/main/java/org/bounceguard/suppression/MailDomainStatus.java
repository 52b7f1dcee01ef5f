package org.bounceguard.suppression;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether DNS says a domain can receive mail, as a type (RFC 5321 section 5.1, RFC 7505). Only
 * {@link NullMx}, {@link NoSuchDomain} and {@link NoMailHost} are findings against the domain;
 * {@link Undetermined} says DNS gave no usable answer and must never be held against anyone.
 */
public sealed interface MailDomainStatus {
    /** An MX host, or else an A or AAAA record (the implicit MX), or an address literal. */
    record Receives() implements MailDomainStatus {
    }

    /** RFC 7505: the one MX is {@code 0 .}; the domain declares that it accepts no mail. */
    record NullMx() implements MailDomainStatus {
    }

    /** NXDOMAIN for the domain itself (no alias on the way), or a name that cannot be a domain. */
    record NoSuchDomain() implements MailDomainStatus {
    }

    /** The name exists but has no MX, A or AAAA record. */
    record NoMailHost() implements MailDomainStatus {
    }

    /** DNS gave no answer that decides: the caller knows nothing about the domain. */
    record Undetermined(Cause cause) implements MailDomainStatus {
    }

    /** Why an answer did not decide. */
    enum Cause {
        /** No answer within the query timeout. */
        TIMEOUT,
        /** The server could not be reached, or the transport failed otherwise. */
        NETWORK,
        /** SERVFAIL, REFUSED or any other rcode than NOERROR and NXDOMAIN. */
        SERVER_FAILURE,
        /** A CNAME the answer did not follow to its end, or one leading to a missing name, to no mail host or to a null MX. */
        ALIAS,
        /** An answer that could not be read. */
        BAD_ANSWER
    }

    Receives RECEIVES = new Receives();
    NullMx NULL_MX = new NullMx();
    NoSuchDomain NO_SUCH_DOMAIN = new NoSuchDomain();
    NoMailHost NO_MAIL_HOST = new NoMailHost();

    /** True when mail can be delivered there, false when it cannot, empty when DNS did not say. */
    default Optional<Boolean> routable() {
        if (this instanceof Receives) {
            return Optional.of(true);
        }
        if (this instanceof Undetermined) {
            return Optional.empty();
        }
        return Optional.of(false);
    }

    /** A short name for logs and counters: {@code receives}, {@code null-mx}, {@code nxdomain}, {@code no-mail-host}, {@code undetermined-timeout}... */
    default String code() {
        if (this instanceof Receives) {
            return "receives";
        }
        if (this instanceof NullMx) {
            return "null-mx";
        }
        if (this instanceof NoSuchDomain) {
            return "nxdomain";
        }
        if (this instanceof NoMailHost) {
            return "no-mail-host";
        }
        return "undetermined-" + ((Undetermined) this).cause().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
