package org.bounceguard.findings;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;

/**
 * The headers that show findings ({@code X-Bounceguard-*}) on a mail: written only where the
 * message can take them, and removed when a client sent them.
 *
 * <p>Changing a header makes James rewrite the message's MIME structure when it next stores or
 * sends it; a malformed one (a multipart without its start boundary, say) then fails there and
 * the mail ends in the error repository instead of where its verdict sends it. So a header is
 * written only after the structure parsed: where it cannot be, the finding stays an attribute and
 * the mail goes on untouched. The check reads the structure once (at most {@value #MAX_PARTS}
 * parts, then it gives up and writes nothing), and javax.mail keeps the parsed multipart for the
 * rewrite that follows.
 */
public final class FindingHeaders {
    public static final String PREFIX = "x-bounceguard-";
    static final int MAX_PARTS = 1000;
    static final int REMOVALS_ONE_BY_ONE = 16;
    private static final byte[] CRLF = {'\r', '\n'};

    private FindingHeaders() {
    }

    /** Sets the header when the message can be rewritten; whether it was written. */
    public static boolean set(Mail mail, String name, String value) {
        try {
            MimeMessage message = mail.getMessage();
            if (!rewritable(message)) {
                return false;
            }
            message.setHeader(name, value);
            return true;
        } catch (MessagingException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Removes every {@code X-Bounceguard-*} header, in any case, when the message can be rewritten:
     * findings come only from this server. Returns the names removed.
     *
     * <p>Each {@code removeHeader} call reads every header, so a message with more than
     * {@value #REMOVALS_ONE_BY_ONE} such names (only a hostile client writes that many) is built
     * again once from its header lines and raw body: linear in its size either way.
     */
    public static List<String> removeAll(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Set<String> names = new LinkedHashSet<>();
        for (Enumeration<Header> headers = message.getAllHeaders(); headers.hasMoreElements(); ) {
            String name = headers.nextElement().getName();
            if (isFinding(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty() || !rewritable(message)) {
            return List.of();
        }
        if (names.size() <= REMOVALS_ONE_BY_ONE) {
            for (String name : names) {
                message.removeHeader(name);
            }
        } else {
            mail.setMessage(withoutFindings(message));
        }
        return List.copyOf(names);
    }

    private static boolean isFinding(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    private static MimeMessage withoutFindings(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        for (Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
            String line = lines.nextElement();
            int colon = line.indexOf(':');
            if (colon < 0 || !isFinding(line.substring(0, colon).trim())) {
                header.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
                header.writeBytes(CRLF);
            }
        }
        header.writeBytes(CRLF);
        try (InputStream body = message.getRawInputStream()) {
            return new MimeMessage(Session.getInstance(new Properties()),
                new SequenceInputStream(new ByteArrayInputStream(header.toByteArray()), body));
        } catch (IOException e) {
            throw new MessagingException("cannot read the message body", e);
        }
    }

    /** Whether the MIME structure parses, so that changing a header cannot break the message. */
    static boolean rewritable(MimeMessage message) {
        try {
            return partsParse(message, new int[] {0});
        } catch (MessagingException | IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean partsParse(Part part, int[] seen) throws MessagingException, IOException {
        if (++seen[0] > MAX_PARTS) {
            return false;
        }
        if (!part.isMimeType("multipart/*")) {
            return true;
        }
        if (!(part.getContent() instanceof Multipart multipart)) {
            return false;
        }
        for (int i = 0; i < multipart.getCount(); i++) {
            if (!partsParse(multipart.getBodyPart(i), seen)) {
                return false;
            }
        }
        return true;
    }
}
