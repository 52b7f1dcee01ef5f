package org.bounceguard.bounce;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charsets by the names parts declare, looked up once: {@code Charset.forName} of a rarer name
 * walks the extended providers every time. Unknown or illegal names read as ISO-8859-1, which
 * keeps every ASCII phrase and address readable. The cache is bounded (names come from mail).
 */
final class Charsets {
    private static final int MAX_NAMES = 256;
    private static final Map<String, Charset> BY_NAME = new ConcurrentHashMap<>();

    private Charsets() {
    }

    static Charset named(String name) {
        // undeclared text is us-ascii by default, and what is really 8-bit in it reads best as Latin-1
        if (name == null || name.isBlank() || name.equalsIgnoreCase("us-ascii")) {
            return StandardCharsets.ISO_8859_1;
        }
        Charset known = BY_NAME.get(name);
        if (known != null) {
            return known;
        }
        Charset charset;
        try {
            charset = Charset.forName(name.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            charset = StandardCharsets.ISO_8859_1;
        }
        if (BY_NAME.size() < MAX_NAMES) {
            BY_NAME.put(name, charset);
        }
        return charset;
    }

    /** {@code bytes[0, length)} as UTF-8 when they are valid UTF-8 (pure ASCII included), else as Latin-1. */
    static String utf8OrLatin1(byte[] bytes, int length) {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length))
                .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
