package org.bounceguard.bounce;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the top-level header block straight from bytes into a {@link TopHeader}, without Mime4J
 * and without building a string for any field the bounce gate does not look at. This is the
 * whole cost of ordinary mail, so it is one linear pass: per line, the end-of-line search and at
 * most one short name comparison. LF, CRLF and bare CR line ends are all accepted; like Mime4J
 * with {@code malformedHeaderStartsBody}, a line that is neither a field nor a continuation ends
 * the header.
 */
final class HeaderScanner {
    private static final byte[][] NAMES = {
        ascii("from"), ascii("to"), ascii("subject"), ascii("return-path"), ascii("content-type"),
        ascii("auto-submitted"), ascii("x-failed-recipients"), ascii("x-autoreply"), ascii("x-autorespond"),
        ascii("x-autoresponder"), ascii("x-mailer-autoreply"), ascii("precedence"), ascii("content-transfer-encoding")};

    private static final String[] NAME_STRINGS = new String[NAMES.length];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAME_STRINGS[i] = new String(NAMES[i], StandardCharsets.US_ASCII);
        }
    }

    private HeaderScanner() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LF = 0x0A0A0A0A0A0A0A0AL;
    private static final long CR = 0x0D0D0D0D0D0D0D0DL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The first LF or CR in {@code raw[from, end)}, or {@code end}: eight bytes at a time (a byte
     * equal to LF or CR makes its word XOR the pattern hold a zero byte, which the classic
     * "has zero byte" test finds; the lowest flagged byte is always exact). Header lines are
     * most of what ordinary mail costs.
     */
    static int lineEnd(byte[] raw, int from, int end) {
        int i = from;
        while (i + 8 <= end) {
            long word = (long) LONGS.get(raw, i);
            long lf = word ^ LF;
            long cr = word ^ CR;
            long found = ((lf - ONES) & ~lf & HIGHS) | ((cr - ONES) & ~cr & HIGHS);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (i < end && raw[i] != '\n' && raw[i] != '\r') {
            i++;
        }
        return i;
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where a leading mbox "From sender date" line ends (it is not a header field), or {@code start}. */
    static int afterMboxSeparator(byte[] raw, int start, int end) {
        if (end - start >= 5 && raw[start] == 'F' && raw[start + 1] == 'r' && raw[start + 2] == 'o' && raw[start + 3] == 'm' && raw[start + 4] == ' ') {
            for (int i = start + 5; i < end && i < start + 1024; i++) {
                if (raw[i] == '\n') {
                    return i + 1;
                }
            }
        }
        return start;
    }

    /**
     * The offset just after the blank line ending a header in {@code raw[from, to)}, or -1. A
     * blank line is an end of line (LF, CRLF or CR) directly followed by another.
     */
    static int headerEnd(byte[] raw, int from, int to) {
        for (int i = Math.max(from, 0); i < to; i++) {
            byte c = raw[i];
            if (c == '\n') {
                if (i + 1 < to && raw[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                    return i + 3;
                }
            } else if (c == '\r' && i + 1 < to && raw[i + 1] == '\r') {
                return i + 2;
            }
        }
        return -1;
    }

    /**
     * Feeds the gate's fields of the header in {@code raw[start, end)} to {@code top}.
     *
     * @return the offset where the body starts (after the blank line), or {@code end}
     */
    static int scan(byte[] raw, int start, int end, TopHeader top) {
        int line = start;
        int wanted = -1;
        int valueStart = -1;
        int valueEnd = -1;
        StringBuilder folded = null;
        while (line < end) {
            int eol = lineEnd(raw, line, end);
            int next = eol < end && raw[eol] == '\r' && eol + 1 < end && raw[eol + 1] == '\n' ? eol + 2 : eol + 1;
            if (eol == line) {
                deliver(raw, top, wanted, valueStart, valueEnd, folded);
                return Math.min(next, end);
            }
            byte first = raw[line];
            if (first == ' ' || first == '\t') {
                if (wanted >= 0) {
                    if (folded == null) {
                        folded = new StringBuilder(new String(raw, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
                    }
                    if (folded.length() < TopHeader.MAX_VALUE) {
                        folded.append(' ').append(new String(raw, line, Math.min(eol - line, TopHeader.MAX_VALUE), StandardCharsets.ISO_8859_1).trim());
                    }
                }
                line = next;
                continue;
            }
            deliver(raw, top, wanted, valueStart, valueEnd, folded);
            wanted = -1;
            folded = null;
            int colon = line;
            while (colon < eol && raw[colon] != ':' && raw[colon] != ' ' && raw[colon] != '\t') {
                colon++;
            }
            // "Name :" (space before the colon) is tolerated, as Mime4J does
            int afterName = colon;
            while (colon < eol && (raw[colon] == ' ' || raw[colon] == '\t')) {
                colon++;
            }
            if (colon >= eol || raw[colon] != ':' || afterName == line) {
                return line;
            }
            wanted = wantedName(raw, line, afterName);
            if (wanted >= 0) {
                valueStart = colon + 1;
                valueEnd = Math.min(eol, valueStart + TopHeader.MAX_VALUE);
            }
            line = next;
        }
        deliver(raw, top, wanted, valueStart, valueEnd, folded);
        return end;
    }

    private static void deliver(byte[] raw, TopHeader top, int wanted, int valueStart, int valueEnd, StringBuilder folded) {
        if (wanted < 0) {
            return;
        }
        String value = folded != null ? folded.toString() : new String(raw, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        top.field(NAME_STRINGS[wanted], value);
    }

    /** The index in {@link #NAMES} of the field name {@code raw[start, end)}, case-insensitively, or -1. */
    private static int wantedName(byte[] raw, int start, int end) {
        int length = end - start;
        if (length < 2 || length > 25) {
            return -1;
        }
        byte first = (byte) (raw[start] | 0x20);
        if (first != 'f' && first != 't' && first != 's' && first != 'r' && first != 'c' && first != 'a' && first != 'x' && first != 'p') {
            return -1;
        }
        for (int n = 0; n < NAMES.length; n++) {
            byte[] name = NAMES[n];
            if (name.length != length || name[0] != first) {
                continue;
            }
            boolean same = true;
            for (int i = 1; i < length && same; i++) {
                byte c = raw[start + i];
                same = (c >= 'A' && c <= 'Z' ? c | 0x20 : c) == name[i];
            }
            if (same) {
                return n;
            }
        }
        return -1;
    }
}
