package org.bounceguard.bounce;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A block of RFC 5322-style fields (a returned message's header, a delivery-status group) read
 * line by line with hard limits: at most {@link #MAX_FIELDS} fields of at most
 * {@link #MAX_FIELD_LENGTH} characters, so a hostile message costs bounded time and memory.
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

    /** Reads fields up to the next blank line (or the end); leading blank lines are skipped. */
    static HeaderBlock read(BufferedReader reader) throws IOException {
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (current != null || !fields.isEmpty()) {
                    break;
                }
                continue;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && current != null) {
                if (current.length() < MAX_FIELD_LENGTH) {
                    current.append(' ').append(line.trim());
                }
                continue;
            }
            add(fields, current);
            if (fields.size() >= MAX_FIELDS) {
                current = null;
                break;
            }
            current = new StringBuilder(Math.min(line.length(), MAX_FIELD_LENGTH)).append(line, 0, Math.min(line.length(), MAX_FIELD_LENGTH));
        }
        add(fields, current);
        return new HeaderBlock(fields);
    }

    private static void add(List<Field> fields, StringBuilder raw) {
        if (raw == null) {
            return;
        }
        int colon = raw.indexOf(":");
        if (colon > 0) {
            fields.add(new Field(raw.substring(0, colon).trim().toLowerCase(Locale.ROOT), raw.substring(colon + 1).trim()));
        }
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
        return fields.stream().filter(field -> field.name.equals(name)).map(Field::value).filter(value -> !value.isEmpty()).findFirst();
    }

    List<String> all(String name) {
        return fields.stream().filter(field -> field.name.equals(name)).map(Field::value).toList();
    }

}
