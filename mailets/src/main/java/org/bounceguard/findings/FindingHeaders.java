package org.bounceguard.findings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
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
     */
    public static List<String> removeAll(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        List<String> names = new ArrayList<>();
        for (Enumeration<Header> headers = message.getAllHeaders(); headers.hasMoreElements(); ) {
            String name = headers.nextElement().getName();
            if (name.toLowerCase(Locale.ROOT).startsWith(PREFIX) && !names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty() || !rewritable(message)) {
            return names.isEmpty() ? names : List.of();
        }
        for (String name : names) {
            message.removeHeader(name);
        }
        return names;
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
