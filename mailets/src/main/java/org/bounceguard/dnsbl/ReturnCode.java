package org.bounceguard.dnsbl;

/**
 * One A answer of a zone, read once when the answer arrives: its text (as listings show it) and
 * its four octets (as return-code filters test them). Equal by text (the octets follow from it),
 * so that equal answers can share one cached instance.
 */
record ReturnCode(String text, byte[] octets) {
    boolean matches(ZoneSpec spec) {
        return spec.filter().matches(octets);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReturnCode code && text.equals(code.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
