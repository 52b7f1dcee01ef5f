package org.bounceguard.dnsbl;

/** A zone that could not answer for this mail, and why. */
public record ZoneError(String zone, ErrorKind kind, String detail) {
}
