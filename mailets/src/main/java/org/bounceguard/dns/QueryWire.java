package org.bounceguard.dns;

/**
 * A DNS query as bytes, written directly for the plain names DNSBL look-ups ask (letters, digits,
 * hyphens, underscores): what dnsjava's {@code Message.newQuery(...).toWire()} produces for them,
 * without building a name, a record and a message per query first. Anything else (escapes,
 * other characters, an empty or overlong label) is left to dnsjava: {@link #encode} returns null.
 */
final class QueryWire {
    private static final int HEADER_LENGTH = 12;
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int FLAG_RD = 0x01; // high byte of the flags: recursion desired, opcode QUERY
    private static final int CLASS_IN = 1;

    private QueryWire() {
    }

    /** {@code name} (absolute or not; the root is implied) asked for {@code type} in class IN, id 0; null when not plain. */
    static byte[] encode(String name, int type) {
        String labels = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        int nameLength = labels.length() + 2; // a length byte per label, the root's zero byte
        if (labels.isEmpty() || nameLength > MAX_NAME_LENGTH) {
            return null;
        }
        byte[] wire = new byte[HEADER_LENGTH + nameLength + 4];
        wire[2] = FLAG_RD;
        wire[5] = 1; // one question
        int lengthAt = HEADER_LENGTH;
        int position = HEADER_LENGTH + 1;
        for (int i = 0; i < labels.length(); i++) {
            char c = labels.charAt(i);
            if (c == '.') {
                if (!closeLabel(wire, lengthAt, position)) {
                    return null;
                }
                lengthAt = position++;
            } else if (isPlain(c)) {
                wire[position++] = (byte) c;
            } else {
                return null;
            }
        }
        if (!closeLabel(wire, lengthAt, position)) {
            return null;
        }
        wire[position++] = 0;
        wire[position++] = (byte) (type >>> 8);
        wire[position++] = (byte) type;
        wire[position++] = 0;
        wire[position] = CLASS_IN;
        return wire;
    }

    private static boolean closeLabel(byte[] wire, int lengthAt, int end) {
        int length = end - lengthAt - 1;
        if (length < 1 || length > MAX_LABEL_LENGTH) {
            return false;
        }
        wire[lengthAt] = (byte) length;
        return true;
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
