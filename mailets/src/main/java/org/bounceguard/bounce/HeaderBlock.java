package org.bounceguard.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A block of RFC 5322-style fields (a returned message's header, a delivery-status group) read
 * line by line with hard limits: at most {@link #MAX_FIELDS} fields of at most
 * {@link #MAX_FIELD_LENGTH} characters, so a hostile message costs bounded time and memory. Each
 * line is looked at once; what lies past a bound is left unread and counted
 * ({@link InputBounds.Bound#HEADER_BLOCK}).
 */
final class HeaderBlock {
    static final int MAX_FIELDS = 1000;
    static final int MAX_FIELD_LENGTH = 8192;

    record Field(String name, String value) {
    }

    private final List<Field> fields;

    private HeaderBlock(List<Field> fields) {
        this.fields = fields;
    }

    /** Where a reader stands in a text: the offset of the next unread line. */
    static final class Cursor {
        int position;
    }

    /** Reads the fields of a whole text up to its first blank line. */
    static HeaderBlock read(String text) {
        return read(text, new Cursor());
    }

    /**
     * Reads fields from the cursor up to the next blank line (or the end), leading blank lines
     * skipped, and leaves the cursor after that blank line. Lines end with LF; a CR before it is
     * dropped.
     */
    static HeaderBlock read(String text, Cursor cursor) {
        return read(text, cursor, null);
    }

    /** Like {@link #read(String, Cursor)}, keeping only the fields named in {@code wanted} (lowercase); null keeps all. */
    static HeaderBlock read(String text, Cursor cursor, List<String> wanted) {
        List<Field> fields = new ArrayList<>();
        boolean cut = false;
        boolean skipping = false;
        StringBuilder current = null;
        int position = cursor.position;
        while (position < text.length()) {
            int start = position;
            int newline = text.indexOf('\n', start);
            int lineEnd = newline < 0 ? text.length() : newline;
            position = newline < 0 ? text.length() : newline + 1;
            if (lineEnd > start && text.charAt(lineEnd - 1) == '\r') {
                lineEnd--;
            }
            if (lineEnd == start) {
                if (current != null || !fields.isEmpty()) {
                    break;
                }
                continue;
            }
            char first = text.charAt(start);
            if ((first == ' ' || first == '\t') && skipping) {
                continue;
            }
            if ((first == ' ' || first == '\t') && current != null) {
                if (current.length() >= MAX_FIELD_LENGTH) {
                    cut = true;
                } else {
                    int from = start;
                    while (from < lineEnd && (text.charAt(from) == ' ' || text.charAt(from) == '\t')) {
                        from++;
                    }
                    current.append(' ').append(text, from, Math.min(lineEnd, from + MAX_FIELD_LENGTH - current.length()));
                }
                continue;
            }
            add(fields, current);
            current = null;
            if (fields.size() >= MAX_FIELDS) {
                cut = true;
                break;
            }
            skipping = wanted != null && !named(text, start, lineEnd, wanted);
            if (skipping) {
                continue;
            }
            cut |= lineEnd - start > MAX_FIELD_LENGTH;
            current = new StringBuilder(Math.min(lineEnd - start, MAX_FIELD_LENGTH) + 16).append(text, start, Math.min(lineEnd, start + MAX_FIELD_LENGTH));
        }
        add(fields, current);
        if (cut) {
            InputBounds.reached(InputBounds.Bound.HEADER_BLOCK);
        }
        cursor.position = position;
        return new HeaderBlock(fields);
    }

    private static boolean named(String text, int start, int end, List<String> wanted) {
        // the colon is looked for on this line only: a search to the end of the text from every line is quadratic
        int colon = start;
        while (colon < end && text.charAt(colon) != ':') {
            colon++;
        }
        if (colon >= end) {
            // not a field: kept, and dropped later for the missing colon
            return true;
        }
        int nameEnd = colon;
        while (nameEnd > start && (text.charAt(nameEnd - 1) == ' ' || text.charAt(nameEnd - 1) == '\t')) {
            nameEnd--;
        }
        for (String name : wanted) {
            if (name.length() == nameEnd - start && text.regionMatches(true, start, name, 0, name.length())) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<Field> fields, StringBuilder raw) {
        if (raw == null) {
            return;
        }
        int colon = raw.indexOf(":");
        if (colon <= 0) {
            return;
        }
        // trimmed as String.trim does, without the intermediate strings: this runs for every field read
        int nameStart = 0;
        int nameEnd = colon;
        while (nameStart < nameEnd && raw.charAt(nameStart) <= ' ') {
            nameStart++;
        }
        while (nameEnd > nameStart && raw.charAt(nameEnd - 1) <= ' ') {
            nameEnd--;
        }
        int valueStart = colon + 1;
        int valueEnd = raw.length();
        while (valueStart < valueEnd && raw.charAt(valueStart) <= ' ') {
            valueStart++;
        }
        while (valueEnd > valueStart && raw.charAt(valueEnd - 1) <= ' ') {
            valueEnd--;
        }
        char[] name = new char[nameEnd - nameStart];
        for (int i = 0; i < name.length; i++) {
            char c = raw.charAt(nameStart + i);
            name[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : Character.toLowerCase(c);
        }
        fields.add(new Field(new String(name), raw.substring(valueStart, valueEnd)));
    }

    static HeaderBlock of(String name, String value) {
        return new HeaderBlock(List.of(new Field(name, value)));
    }

    /** This block with a Message-ID field added when one was found elsewhere. */
    HeaderBlock withMessageId(Optional<String> messageId) {
        if (messageId.isEmpty() || messageId.get().isEmpty()) {
            return this;
        }
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field("message-id", messageId.get()));
        return new HeaderBlock(more);
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    Optional<String> first(String name) {
        for (Field field : fields) {
            if (field.name.equals(name) && !field.value.isEmpty()) {
                return Optional.of(field.value);
            }
        }
        return Optional.empty();
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (field.name.equals(name)) {
                values.add(field.value);
            }
        }
        return values;
    }

}
