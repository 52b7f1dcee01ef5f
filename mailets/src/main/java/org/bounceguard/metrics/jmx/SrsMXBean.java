package org.bounceguard.metrics.jmx;

import java.util.Map;

/** {@code org.bounceguard:type=Srs}: the SRS domain and what SRS did since start. Secrets are never shown. */
public interface SrsMXBean {
    String getDomain();

    int getMaxAgeDays();

    /** How many secrets verify (the first signs). */
    int getKeyCount();

    /** Envelope senders of forwarded mail rewritten (SRS0 and SRS1). */
    long getRewritten();

    long getRewrittenSrs1();

    /** Answers to forwarded mail whose SRS address verified and that went on to the original sender. */
    long getReversed();

    /** RCPT to an SRS address refused, in all and by reason. */
    long getRefused();

    Map<String, Long> getRefusedByReason();

    /** Answers to forwards of mail from a dubious source, verified and not sent on, in all and by reason. */
    long getSuppressed();

    Map<String, Long> getSuppressedByReason();
}
