package org.bounceguard.bounce;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.bounceguard.net.Addresses;

/**
 * What the top-level header block says about whether a message can be a report at all. Most mail
 * is not, and this is decided from the header alone so its body is never read: see
 * {@link #mayBeReport(Optional)}. Values are kept lowercase; every field is cut to
 * {@link #MAX_VALUE} characters first, so one hostile header costs bounded work.
 */
final class TopHeader {
    static final int MAX_VALUE = 2048;

    String from = "";
    String to = "";
    String subject = "";
    String returnPath = "";
    String contentType = "";
    /** Content-Type and Content-Transfer-Encoding as written (boundaries are case-sensitive), for the body parser. */
    String contentTypeRaw = "";
    String transferEncodingRaw = "";
    String reportType = "";
    Optional<String> autoSubmitted = Optional.empty();
    String failedRecipients = "";
    boolean autoReplyHeader;
    boolean returnPathSeen;

    /** One field; {@code name} is lowercase already (the scanner hands out its constants). */
    void field(String name, String rawValue) {
        if (rawValue != null && rawValue.length() > MAX_VALUE) {
            InputBounds.reached(InputBounds.Bound.TOP_HEADER);
        }
        String cut = rawValue == null ? "" : rawValue.length() > MAX_VALUE ? rawValue.substring(0, MAX_VALUE) : rawValue;
        if (name.equals("to")) {
            // only ever searched for addresses, which are lowercased one by one
            to = cut;
            return;
        }
        String value = TextScan.asciiLower(cut).trim();
        switch (name) {
            case "from" -> from = value;
            case "subject" -> subject = TextScan.asciiLower(readableSubject(cut)).trim();
            case "return-path" -> {
                // a message delivered through several hops can carry several; the first is the last hop's
                if (!returnPathSeen) {
                    returnPath = value;
                    returnPathSeen = true;
                }
            }
            case "content-type" -> {
                contentType = value;
                contentTypeRaw = rawValue == null ? "" : rawValue.trim();
                reportType = parameter(value, "report-type");
            }
            case "content-transfer-encoding" -> transferEncodingRaw = rawValue == null ? "" : rawValue.trim();
            case "auto-submitted" -> autoSubmitted = Optional.of(value);
            case "x-failed-recipients" -> failedRecipients = failedRecipients.isEmpty() ? value : failedRecipients + "," + value;
            case "x-autoreply", "x-autorespond", "x-autoresponder", "x-mailer-autoreply" -> autoReplyHeader = true;
            case "precedence" -> autoReplyHeader |= value.startsWith("auto_reply") || value.startsWith("auto-reply");
            default -> {
            }
        }
    }

    /**
     * True when the header shows any sign of an automatic report: a bounce's envelope sender
     * ({@link Addresses#isBounceSender}), a MAILER-DAEMON, postmaster or similar Return-Path or From, a report content type, Auto-Submitted,
     * X-Failed-Recipients, auto-reply headers or a subject of the bounce and auto-reply families.
     * False means "certainly ordinary mail" and the body is skipped.
     */
    boolean mayBeReport(Optional<String> envelopeSender) {
        return envelopeSender.map(Addresses::isBounceSender).orElse(false)
            || (returnPathSeen && isDaemonAddress(returnPath))
            || isDaemonAddress(from)
            || contentType.startsWith("multipart/report")
            || isAutoSubmitted()
            || !failedRecipients.isEmpty()
            || autoReplyHeader
            || hasBounceSubject()
            || hasAutoReplySubject();
    }

    /** An {@code Auto-Submitted} header marking the message automatic ({@link AutomaticMail#isAutomatic}). */
    boolean isAutoSubmitted() {
        return autoSubmitted.map(AutomaticMail::isAutomatic).orElse(false);
    }

    /**
     * A From or Return-Path header, or an address written in a report's text, that only daemons
     * use: empty, {@code <>}, MAILER-DAEMON, postmaster, "Mail Delivery System" and the like. Wider
     * than a bounce's envelope sender ({@link Addresses#isBounceSender}): display names count.
     */
    static boolean isDaemonAddress(String value) {
        String lower = TextScan.asciiLower(value).trim();
        if (lower.isEmpty() || lower.equals("<>") || lower.endsWith("<>")) {
            return true;
        }
        return lower.contains("mailer-daemon") || lower.contains("mailer daemon") || lower.contains("postmaster")
            || lower.contains("post_master") || lower.contains("mail delivery") || lower.contains("mail.delivery")
            || lower.contains("mail deliver system") || lower.contains("ndr administrator") || lower.contains("double-bounce")
            || lower.contains("system administrator") || lower.contains("delivery failure") || lower.contains("mail system");
    }

    boolean fromIsDaemon() {
        return isDaemonAddress(from) || (returnPathSeen && isDaemonAddress(returnPath));
    }

    private int[] subjectFamilies;

    /** Both subject families in one pass, once. */
    private int[] subjectFamilies() {
        if (subjectFamilies == null) {
            subjectFamilies = NdrPhrases.SUBJECTS.firstOfEach(subject);
        }
        return subjectFamilies;
    }

    /** A subject of the bounce family that is not a person's reply to one ("Re: Undelivered Mail"). */
    boolean hasBounceSubject() {
        return subjectFamilies()[NdrPhrases.BOUNCE_SUBJECT_FAMILY] >= 0 && !(isReply() && !isDaemonAddress(from));
    }

    private boolean isReply() {
        return subject.startsWith("re:") || subject.startsWith("re ") || subject.startsWith("aw:") || subject.startsWith("sv:")
            || subject.startsWith("antw:") || subject.startsWith("r:");
    }

    boolean hasAutoReplySubject() {
        return subjectFamilies()[NdrPhrases.AUTO_REPLY_SUBJECT_FAMILY] >= 0;
    }

    boolean autoReplied() {
        return autoSubmitted.map(AutomaticMail::isAutoReplied).orElse(false) || autoReplyHeader;
    }

    /**
     * The subject as words: encoded words (RFC 2047) decoded, raw 8-bit text read as UTF-8 when it
     * is UTF-8 (RFC 6532). Plain ASCII subjects, most of them, are returned as they are.
     */
    static String readableSubject(String raw) {
        String subject = raw;
        boolean eightBit = false;
        for (int i = 0; i < subject.length() && !eightBit; i++) {
            eightBit = subject.charAt(i) >= 0x80;
        }
        if (eightBit) {
            byte[] bytes = subject.getBytes(StandardCharsets.ISO_8859_1);
            subject = Charsets.utf8OrLatin1(bytes, bytes.length);
        }
        if (subject.contains("=?")) {
            subject = DecoderUtil.decodeEncodedWords(subject, DecodeMonitor.SILENT);
        }
        return subject;
    }

    /**
     * A plain or HTML text as the whole message, no MIME structure to walk (most plain-text
     * notices): its body is read without the MIME parser.
     */
    boolean isSingleTextPart() {
        if (contentTypeRaw.length() >= MAX_VALUE || transferEncodingRaw.length() >= MAX_VALUE) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.isEmpty() || type.equals("text/plain") || type.equals("text/html");
    }

    static String parameter(String contentType, String name) {
        int at = contentType.indexOf(name + "=");
        if (at < 0) {
            return "";
        }
        int start = at + name.length() + 1;
        int end = start;
        while (end < contentType.length() && contentType.charAt(end) != ';' && !Character.isWhitespace(contentType.charAt(end))) {
            end++;
        }
        return contentType.substring(start, end).replace("\"", "");
    }
}
