package org.bounceguard.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP reply (RFC 5321 4.2), read with bounds: at most {@link #MAX_LINE} octets per line and
 * {@link #MAX_LINES} lines, so that a hostile or broken backend costs at most
 * {@code MAX_LINE * MAX_LINES} octets of reading and never unbounded memory. Reading is linear in
 * the octets read. The text kept is that of the last line, sanitised.
 */
record SmtpReply(int code, String text) {
    static final int MAX_LINE = 1000;
    static final int MAX_LINES = 100;

    boolean positive() {
        return code >= 200 && code < 300;
    }

    boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    boolean permanentFailure() {
        return code >= 500 && code < 600;
    }

    /** Thrown for a reply that is not SMTP or is over the bounds. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    static SmtpReply read(InputStream in) throws IOException {
        byte[] line = new byte[MAX_LINE];
        int code = -1;
        StringBuilder text = new StringBuilder();
        for (int lines = 0; lines < MAX_LINES; lines++) {
            int length = readLine(in, line);
            if (length < 3) {
                throw new Malformed("reply line too short");
            }
            int lineCode = digit(line[0]) * 100 + digit(line[1]) * 10 + digit(line[2]);
            if (lineCode < 200 || lineCode > 599 || (code >= 0 && lineCode != code)) {
                throw new Malformed("not an SMTP reply code");
            }
            code = lineCode;
            boolean last = length == 3 || line[3] == ' ';
            if (!last && line[3] != '-') {
                throw new Malformed("not an SMTP reply line");
            }
            text.setLength(0);
            if (length > 4) {
                text.append(new String(line, 4, length - 4, StandardCharsets.US_ASCII));
            }
            if (last) {
                return new SmtpReply(code, ReplyText.sanitise(text.toString()));
            }
        }
        throw new Malformed("reply longer than " + MAX_LINES + " lines");
    }

    private static int digit(byte b) throws Malformed {
        if (b < '0' || b > '9') {
            throw new Malformed("not an SMTP reply code");
        }
        return b - '0';
    }

    /** Reads one line into {@code buffer} without its CRLF (or bare LF); its length. */
    private static int readLine(InputStream in, byte[] buffer) throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new Malformed("connection closed in a reply");
            }
            if (b == '\n') {
                return length > 0 && buffer[length - 1] == '\r' ? length - 1 : length;
            }
            if (length == buffer.length) {
                throw new Malformed("reply line longer than " + MAX_LINE + " octets");
            }
            buffer[length++] = (byte) b;
        }
    }
}
