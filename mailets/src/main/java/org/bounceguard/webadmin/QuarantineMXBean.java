package org.bounceguard.webadmin;

/** {@code org.bounceguard:type=Quarantine}: what operators released from or deleted in the quarantine. */
public interface QuarantineMXBean {
    long getReleased();

    long getDeleted();
}
