package org.bounceguard.dnsbl;

/**
 * One A answer of a zone, read once when the answer arrives: its text (as listings show it) and
 * its four octets (as return-code filters test them).
 */
record ReturnCode(String text, byte[] octets) {
    boolean matches(ZoneSpec spec) {
        return spec.filter().matches(octets);
    }
}
