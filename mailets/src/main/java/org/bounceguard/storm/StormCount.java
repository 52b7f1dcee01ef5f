package org.bounceguard.storm;

/** What counting one unproven bounce to a recipient did. */
public enum StormCount {
    /** Counted; the recipient stays below the threshold. */
    COUNTED,
    /** This bounce reached the threshold: the recipient entered storm mode (reported to exactly one caller, cluster-wide). */
    ENTERED,
    /** The recipient is in storm mode already; nothing counted. */
    IN_STORM
}
