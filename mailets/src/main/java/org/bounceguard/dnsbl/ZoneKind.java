package org.bounceguard.dnsbl;

/** What a zone is asked about. */
public enum ZoneKind {
    /** The connecting client's IP address (classic DNSBL, RFC 5782 §2.1). */
    CLIENT_IP,
    /** The envelope sender's domain (RHSBL, RFC 5782 §2.2). */
    SENDER_DOMAIN,
    /** The HELO/EHLO name (RHSBL). */
    HELO_DOMAIN
}
