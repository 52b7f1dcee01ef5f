package org.bounceguard.dnsbl;

/** Why a zone gave no answer for a mail; every one of them counts as "not listed" (fail open). */
public enum ErrorKind {
    /** No answer within the query timeout or the verdict's deadline. */
    TIMEOUT,
    /** The resolver answered SERVFAIL (or another error code). */
    SERVFAIL,
    /** The resolver could not be reached. */
    NETWORK,
    /** The list answered 127.255.255.252-255: it refuses our queries (public resolver, over quota, typo). */
    REFUSED_BY_LIST,
    /** An answer outside 127.0.0.0/8: never a listing (RFC 5782). */
    BAD_ANSWER,
    /** The zone is disabled, by the health check or an operator. */
    DISABLED
}
