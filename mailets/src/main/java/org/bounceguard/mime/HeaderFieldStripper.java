package org.bounceguard.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

import com.google.common.collect.ImmutableList;

/**
 * Removes header fields whose names start with given prefixes from every header section of a raw
 * message: the message's own, each MIME part's, each attached message's ({@code message/rfc822},
 * {@code message/global}, also when base64 or quoted-printable encoded) and each returned header
 * block ({@code text/rfc822-headers}, {@code message/rfc822-headers}, {@code message/global-headers},
 * as DSNs carry them). Nothing else changes: every other byte is copied as it was.
 *
 * <p>One pass over the lines, each compared with the boundaries of the multiparts it is nested
 * in: linear in the message's size for a bounded nesting depth. Entities nested deeper than
 * {@link #MAX_DEPTH} are refused ({@link TooDeepException}) rather than passed unchecked.
 */
public final class HeaderFieldStripper {
    public static final int MAX_DEPTH = 32;
    private static final Set<String> ATTACHED_MESSAGES = Set.of("message/rfc822", "message/global");
    private static final Set<String> HEADER_BLOCKS = Set.of("text/rfc822-headers", "message/rfc822-headers", "message/global-headers");

    private final List<String> prefixes;

    /** @param prefixes header-name prefixes, compared ignoring case, e.g. {@code X-Bounceguard-} */
    public HeaderFieldStripper(List<String> prefixes) {
        this.prefixes = prefixes.stream().map(prefix -> prefix.toLowerCase(Locale.ROOT)).collect(ImmutableList.toImmutableList());
    }

    /** Thrown for a message whose entities nest deeper than {@link #MAX_DEPTH}. */
    public static final class TooDeepException extends IOException {
        TooDeepException() {
            super("MIME entities nested deeper than " + MAX_DEPTH);
        }
    }

    /** The message without the matching fields; the same bytes when there were none. */
    public byte[] strip(byte[] raw) throws IOException {
        Lines lines = new Lines(new String(raw, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder(raw.length);
        boolean changed = entity(lines, out, new ArrayDeque<>(), 0);
        return changed ? out.toString().getBytes(StandardCharsets.ISO_8859_1) : raw;
    }

    /** A header section, then its body; true when something was removed. */
    private boolean entity(Lines lines, StringBuilder out, Deque<String> boundaries, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new TooDeepException();
        }
        Header header = new Header();
        boolean changed = headerFields(lines, out, boundaries, header, true);
        return body(lines, out, boundaries, header, depth) | changed;
    }

    /**
     * Copies header fields up to the blank line that ends the section (when {@code stopAtBlankLine}),
     * a boundary of an enclosing multipart, or the end, leaving out the matching ones.
     */
    private boolean headerFields(Lines lines, StringBuilder out, Deque<String> boundaries, Header header, boolean stopAtBlankLine) {
        boolean changed = false;
        List<String> field = new ArrayList<>();
        while (lines.hasNext() && !isBoundary(lines.peek(), boundaries)) {
            String line = lines.next();
            boolean continuation = !field.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"));
            if (continuation) {
                field.add(line);
                continue;
            }
            changed |= flush(field, out, header);
            if (isBlank(line)) {
                out.append(line);
                if (stopAtBlankLine) {
                    return changed;
                }
            } else {
                field.add(line);
            }
        }
        return flush(field, out, header) | changed;
    }

    private boolean flush(List<String> field, StringBuilder out, Header header) {
        if (field.isEmpty()) {
            return false;
        }
        String first = field.get(0);
        int colon = first.indexOf(':');
        String name = (colon < 0 ? first : first.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        boolean matches = prefixes.stream().anyMatch(name::startsWith);
        if (!matches) {
            field.forEach(out::append);
            if (colon >= 0 && (name.equals("content-type") || name.equals("content-transfer-encoding"))) {
                StringBuilder value = new StringBuilder(first.substring(colon + 1));
                field.subList(1, field.size()).forEach(value::append);
                header.read(name, value.toString().replace("\r", "").replace("\n", "").trim());
            }
        }
        field.clear();
        return matches;
    }

    private boolean body(Lines lines, StringBuilder out, Deque<String> boundaries, Header header, int depth) throws IOException {
        if (header.baseType.startsWith("multipart/") && header.boundary != null) {
            return multipart(lines, out, boundaries, header.boundary, depth);
        }
        boolean attached = ATTACHED_MESSAGES.contains(header.baseType);
        boolean headerBlock = HEADER_BLOCKS.contains(header.baseType);
        if (!attached && !headerBlock) {
            copyUntilBoundary(lines, out, boundaries);
            return false;
        }
        if (header.encoding.equals("base64") || header.encoding.equals("quoted-printable")) {
            return encoded(lines, out, boundaries, header, attached, depth);
        }
        if (attached) {
            return entity(lines, out, boundaries, depth + 1);
        }
        return headerFields(lines, out, boundaries, new Header(), false);
    }

    private boolean multipart(Lines lines, StringBuilder out, Deque<String> boundaries, String boundary, int depth) throws IOException {
        boundaries.push(boundary);
        try {
            copyUntilBoundary(lines, out, boundaries);
            boolean changed = false;
            while (lines.hasNext()) {
                String line = lines.peek();
                if (!isDelimiter(line, boundary)) {
                    return changed;
                }
                out.append(lines.next());
                if (isCloseDelimiter(line, boundary)) {
                    boundaries.pop();
                    copyUntilBoundary(lines, out, boundaries);
                    boundaries.push(boundary);
                    return changed;
                }
                changed |= entity(lines, out, boundaries, depth + 1);
            }
            return changed;
        } finally {
            boundaries.pop();
        }
    }

    /** An attached message or header block in base64 or quoted-printable: decoded, stripped, encoded again if changed. */
    private boolean encoded(Lines lines, StringBuilder out, Deque<String> boundaries, Header header, boolean attached, int depth)
        throws IOException {
        StringBuilder encoded = new StringBuilder();
        copyUntilBoundary(lines, encoded, boundaries);
        byte[] decoded;
        try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(encoded.toString().getBytes(StandardCharsets.ISO_8859_1)), header.encoding)) {
            decoded = in.readAllBytes();
        } catch (MessagingException | IOException e) {
            // undecodable: no reader sees header fields in it either
            out.append(encoded);
            return false;
        }
        Lines inner = new Lines(new String(decoded, StandardCharsets.ISO_8859_1));
        StringBuilder stripped = new StringBuilder(decoded.length);
        boolean changed = attached
            ? entity(inner, stripped, new ArrayDeque<>(), depth + 1)
            : headerFields(inner, stripped, new ArrayDeque<>(), new Header(), false);
        if (!changed) {
            out.append(encoded);
            return false;
        }
        ByteArrayOutputStream reencoded = new ByteArrayOutputStream(encoded.length());
        try (OutputStream encoder = MimeUtility.encode(reencoded, header.encoding)) {
            encoder.write(stripped.toString().getBytes(StandardCharsets.ISO_8859_1));
        } catch (MessagingException e) {
            throw new IOException(e);
        }
        out.append(reencoded.toString(StandardCharsets.ISO_8859_1));
        if (!reencoded.toString(StandardCharsets.ISO_8859_1).endsWith("\n")) {
            out.append("\r\n");
        }
        return true;
    }

    private static void copyUntilBoundary(Lines lines, StringBuilder out, Deque<String> boundaries) {
        while (lines.hasNext() && !isBoundary(lines.peek(), boundaries)) {
            out.append(lines.next());
        }
    }

    private static boolean isBoundary(String line, Deque<String> boundaries) {
        if (!line.startsWith("--")) {
            return false;
        }
        for (String boundary : boundaries) {
            if (isDelimiter(line, boundary)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --boundary} or {@code --boundary--}, with optional trailing white space (RFC 2046 5.1.1). */
    private static boolean isDelimiter(String line, String boundary) {
        if (!line.startsWith("--") || !line.startsWith(boundary, 2)) {
            return false;
        }
        String rest = line.substring(2 + boundary.length());
        if (rest.startsWith("--")) {
            rest = rest.substring(2);
        }
        return rest.isBlank();
    }

    private static boolean isCloseDelimiter(String line, String boundary) {
        return line.startsWith("--" + boundary + "--");
    }

    private static boolean isBlank(String line) {
        return line.equals("\r\n") || line.equals("\n") || line.equals("\r");
    }

    /** What the header section says about its body. */
    private static final class Header {
        String baseType = "text/plain";
        String boundary;
        String encoding = "7bit";

        void read(String name, String value) {
            if (name.equals("content-transfer-encoding")) {
                encoding = value.toLowerCase(Locale.ROOT);
                return;
            }
            try {
                ContentType type = new ContentType(value);
                baseType = type.getBaseType().toLowerCase(Locale.ROOT);
                boundary = type.getParameter("boundary");
            } catch (ParseException e) {
                // RFC 2045 5.2: an unreadable Content-Type is text/plain
                baseType = "text/plain";
                boundary = null;
            }
        }
    }

    /** The lines of a text, each with its line terminator, read once from the start. */
    private static final class Lines {
        private final String text;
        private int position;
        private String peeked;

        Lines(String text) {
            this.text = text;
        }

        boolean hasNext() {
            return position < text.length();
        }

        String peek() {
            if (peeked == null) {
                int newline = text.indexOf('\n', position);
                int end = newline < 0 ? text.length() : newline + 1;
                peeked = text.substring(position, end);
            }
            return peeked;
        }

        String next() {
            String line = peek();
            position += line.length();
            peeked = null;
            return line;
        }
    }
}
