package org.bounceguard.bounce;

/** Quoted-printable decoding (RFC 2045 §6.7) in bulk, tolerant of the malformed input real mail carries. */
final class QuotedPrintable {
    private QuotedPrintable() {
    }

    private static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * Decodes {@code data[0, length)} in place and returns the decoded length: "=XY" becomes one
     * byte, "=" before a line end is a soft break and disappears, anything else malformed is kept
     * as it is.
     */
    static int decode(byte[] data, int length) {
        int out = 0;
        int i = 0;
        while (i < length) {
            byte b = data[i];
            if (b != '=') {
                data[out++] = b;
                i++;
                continue;
            }
            int c1 = i + 1 < length ? data[i + 1] : -1;
            int c2 = i + 2 < length ? data[i + 2] : -1;
            if (c1 == '\r' && c2 == '\n') {
                i += 3;
            } else if (c1 == '\n' || c1 == '\r') {
                i += 2;
            } else if (hex(c1) >= 0 && hex(c2) >= 0) {
                data[out++] = (byte) ((hex(c1) << 4) | hex(c2));
                i += 3;
            } else {
                data[out++] = b;
                i++;
            }
        }
        return out;
    }
}
