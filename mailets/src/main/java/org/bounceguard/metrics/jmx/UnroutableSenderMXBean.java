package org.bounceguard.metrics.jmx;

/**
 * {@code org.bounceguard:type=UnroutableSender}: what {@code smtp.UnroutableSenderRefusal} did at
 * MAIL FROM on this server, since start.
 */
public interface UnroutableSenderMXBean {
    /** Senders whose domain was looked up. */
    long getChecked();

    /** Refused with {@code 550 5.7.27}: the domain's MX is {@code 0 .} (RFC 7505). */
    long getRefusedNullMx();

    /** Refused with the configured code ({@code 450 4.1.8} by default): NXDOMAIN. */
    long getRefusedNoSuchDomain();

    /** Refused with the configured code: the domain exists but has no MX, A or AAAA record. */
    long getRefusedNoMailHost();

    /** Accepted because DNS gave no answer that decides (timeout, SERVFAIL, unresolved alias). */
    long getFailedOpen();

    /** Let through unchecked: the client authenticated or may relay. */
    long getAcceptedTrustedClient();

    /** Let through unchecked: the sender is at one of our own domains. */
    long getAcceptedOwnDomain();
}
