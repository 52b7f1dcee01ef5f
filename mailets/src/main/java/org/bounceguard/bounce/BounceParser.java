package org.bounceguard.bounce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.bounceguard.net.Addresses;

/**
 * Reads a delivery report: its kind, the recipients that failed and the headers of the original
 * message it returns. Standard structures first - RFC 3464 delivery status notifications, RFC
 * 5965 feedback reports, RFC 3798 disposition notifications, RFC 3834 auto-replies, returned
 * originals as {@code message/rfc822} or {@code text/rfc822-headers} - then the plain-text
 * reports of MTAs that send no status part ({@link PlainTextReport}).
 *
 * <p>Cheap for ordinary mail: the top header decides whether a message can be a report at all
 * ({@link TopHeader#mayBeReport(Optional)}); if not, the body is never read. Streaming (Apache
 * Mime4J's token stream, without building a DOM) with hard limits: at most {@link #MAX_PART_TEXT}
 * bytes of any part and {@link #MAX_REPORT_TEXT} characters of report text in all are read,
 * header blocks are bounded ({@link HeaderBlock}), bodies that are neither report nor text parts
 * are skipped unread, and no regular expression runs over the input. The cost is linear in the
 * message size with a bounded amount of analysis per message (docs/capabilities/bounce-recognition.md). Never
 * throws on malformed input: what could be read is reported.
 *
 * <p>Kinds: a DSN whose recipients were all delivered, relayed or expanded, and a disposition
 * notification (read receipt), are {@code none} - they report no failure; a disposition sent
 * automatically for a deleted message (a Sieve rejection, RFC 5429) is a {@code failure}.
 * Feedback reports name the reported message's recipients, auto-replies the address that
 * answered ({@link BounceReport#feedbackRecipients()}, {@link BounceReport#replyingAddress()}).
 */
public final class BounceParser {
    static final int MAX_PART_TEXT = 256 * 1024;
    static final int MAX_REPORT_TEXT = 128 * 1024;
    private static final int MAX_TEXT_PARTS = 8;
    /** HTML is mostly markup; what a report says in it comes first. */
    static final int MAX_HTML_PART_TEXT = 32 * 1024;
    /** Part bytes, reused by the parses of one thread; a buffer grown past 64 KB for one big part is not kept. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16384]);
    private static final int MAX_KEPT_SCRATCH = 64 * 1024;

    /** Multipart nesting read at most; Mime4J stacks one stream per level, so deeper input is left unread. */
    static final int MAX_NESTING = 24;
    /** MIME parts (entities) read at most; a report has a handful, the rest of a larger message is left unread. */
    static final int MAX_PARTS = 1000;
    /** Recipients of status parts read at most (a DSN names one per group; an MTA splits large lists). */
    static final int MAX_RECIPIENTS = 1000;
    /** Fields of one part's header, and characters of one field with its folded lines, that Mime4J reads. */
    static final int MAX_PART_HEADER_FIELDS = 1000;
    static final int MAX_PART_HEADER_FIELD = 64 * 1024;
    /** A header line longer than this stops Mime4J (RFC 5322 allows 998 characters). */
    static final int MAX_HEADER_LINE = 64 * 1024;

    /**
     * Mime4J's own limits. Past one of them it stops with an exception; the parser then reports
     * what was read so far and counts {@link InputBounds.Bound#MIME}. The content length stays
     * unlimited: bodies are read at most {@link #MAX_PART_TEXT} bytes here and the rest skipped.
     */
    private final MimeConfig config = new MimeConfig.Builder()
        .setStrictParsing(false)
        .setMaxLineLen(MAX_HEADER_LINE)
        .setMaxHeaderCount(MAX_PART_HEADER_FIELDS)
        .setMaxHeaderLen(MAX_PART_HEADER_FIELD)
        .setMaxContentLen(-1)
        .setMalformedHeaderStartsBody(true)
        .build();

    /**
     * One token stream per thread, reused: building one costs more than a short report's parse.
     * {@code parse} starts it afresh; it keeps a reference to the last message read until the next.
     */
    private final ThreadLocal<MimeTokenStream> tokenStreams = ThreadLocal.withInitial(() -> {
        MimeTokenStream stream = new MimeTokenStream(config);
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        return stream;
    });

    private MimeTokenStream tokenStream() {
        return tokenStreams.get();
    }

    /** Header bytes read from a stream before the gate decides; a longer header is judged on its first megabyte. */
    static final int MAX_HEADER_BYTES = 1024 * 1024;

    public BounceReport parse(byte[] raw, Optional<String> envelopeSender) {
        int start = HeaderScanner.afterMboxSeparator(raw, 0, raw.length);
        TopHeader top = new TopHeader();
        int body = HeaderScanner.scan(raw, start, raw.length, top);
        if (!top.mayBeReport(envelopeSender)) {
            return BounceReport.none();
        }
        if (top.isSingleTextPart()) {
            Optional<BounceReport> report = singleTextPart(raw, body, raw.length, top, envelopeSender);
            if (report.isPresent()) {
                return report.get();
            }
        }
        if (top.contentType.startsWith("multipart/report")) {
            // a status part usually answers alone: first read without the human-readable text,
            // and again with it only when the status part did not settle the report
            Findings structural = findings(message(raw, start, body, raw.length, top, null), top, false);
            if (structural.answeredWithoutText()) {
                return structural.report(envelopeSender);
            }
        }
        return findings(message(raw, start, body, raw.length, top, null), top, true).report(envelopeSender);
    }

    /**
     * The message for Mime4J: the top header was read by the gate, so Mime4J gets only the two
     * fields that shape the body (Content-Type, Content-Transfer-Encoding) before it, not the
     * whole Received chain again. A pathological Content-Type (cut by the gate) keeps the original header.
     */
    private static InputStream message(byte[] header, int start, int body, int length, TopHeader top, InputStream rest) {
        InputStream bodyAndRest;
        if (top.contentTypeRaw.length() >= TopHeader.MAX_VALUE || top.transferEncodingRaw.length() >= TopHeader.MAX_VALUE) {
            bodyAndRest = new ByteArrayInputStream(header, start, length - start);
        } else {
            StringBuilder shape = new StringBuilder(128);
            if (!top.contentTypeRaw.isEmpty()) {
                shape.append("Content-Type: ").append(top.contentTypeRaw).append("\r\n");
            }
            if (!top.transferEncodingRaw.isEmpty()) {
                shape.append("Content-Transfer-Encoding: ").append(top.transferEncodingRaw).append("\r\n");
            }
            shape.append("\r\n");
            bodyAndRest = new SequenceInputStream(new ByteArrayInputStream(shape.toString().getBytes(StandardCharsets.ISO_8859_1)),
                new ByteArrayInputStream(header, body, length - body));
        }
        return rest == null ? bodyAndRest : new SequenceInputStream(bodyAndRest, rest);
    }

    /** Reads the header (at most {@link #MAX_HEADER_BYTES}) before deciding; the body is streamed only for possible reports. */
    public BounceReport parse(InputStream raw, Optional<String> envelopeSender) {
        try {
            byte[] header = new byte[8192];
            int length = 0;
            int end = -1;
            while (end < 0 && length < MAX_HEADER_BYTES) {
                if (length == header.length) {
                    header = Arrays.copyOf(header, Math.min(header.length * 2, MAX_HEADER_BYTES));
                }
                int read = raw.read(header, length, header.length - length);
                if (read < 0) {
                    break;
                }
                end = HeaderScanner.headerEnd(header, length - 3, length + read);
                length += read;
            }
            int start = HeaderScanner.afterMboxSeparator(header, 0, length);
            TopHeader top = new TopHeader();
            int body = HeaderScanner.scan(header, start, end < 0 ? length : end, top);
            if (!top.mayBeReport(envelopeSender)) {
                return BounceReport.none();
            }
            if (end >= 0 && top.isSingleTextPart()) {
                // the text is all there is: read as much of it as a part's text budget can use
                int wanted = (body - start) + SINGLE_PART_RAW_LIMIT;
                int filled = Math.min(length - start, wanted);
                byte[] message = Arrays.copyOfRange(header, start, start + Math.min(wanted, filled + 8192));
                while (filled < wanted) {
                    if (filled == message.length) {
                        message = Arrays.copyOf(message, Math.min(wanted, message.length * 2));
                    }
                    int read = raw.read(message, filled, message.length - filled);
                    if (read < 0) {
                        break;
                    }
                    filled += read;
                }
                return parse(Arrays.copyOf(message, filled), envelopeSender);
            }
            if (end < 0 && length >= MAX_HEADER_BYTES) {
                InputBounds.reached(InputBounds.Bound.TOP_HEADER);
            }
            if (end < 0) {
                // the header did not end within the bytes read: let Mime4J read it whole
                return findings(new SequenceInputStream(new ByteArrayInputStream(header, start, length - start), raw), top, true).report(envelopeSender);
            }
            return findings(message(header, start, body, length, top, raw), top, true).report(envelopeSender);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw body bytes a single text part is read from: enough for {@link #MAX_PART_TEXT} decoded bytes of base64. */
    static final int SINGLE_PART_RAW_LIMIT = 2 * MAX_PART_TEXT;

    /**
     * A message that is one text part, read the way the MIME parser would read it (transfer
     * decoding, charset, the text budget), or empty when its base64 is too broken for a strict
     * decoder and the lenient MIME parser should read it instead.
     */
    private static Optional<BounceReport> singleTextPart(byte[] raw, int from, int to, TopHeader top, Optional<String> envelopeSender) {
        String encoding = TextScan.asciiLower(top.transferEncodingRaw);
        byte[] bytes = raw;
        int offset = from;
        int length = Math.min(to - from, SINGLE_PART_RAW_LIMIT);
        if (encoding.equals("base64")) {
            // like the MIME parser, the data ends with its padding
            int end = offset;
            while (end < offset + length && raw[end] != '=') {
                end++;
            }
            while (end < offset + length && raw[end] == '=') {
                end++;
            }
            try {
                ByteBuffer decoded = Base64.getMimeDecoder().decode(ByteBuffer.wrap(raw, offset, end - offset));
                bytes = decoded.array();
                offset = decoded.arrayOffset() + decoded.position();
                length = decoded.remaining();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        int semicolon = top.contentType.indexOf(';');
        boolean html = (semicolon < 0 ? top.contentType : top.contentType.substring(0, semicolon)).trim().equals("text/html");
        Findings findings = new Findings(top, true);
        try {
            findings.singleTextPart(new ByteArrayInputStream(bytes, offset, length), Charsets.named(TopHeader.parameter(top.contentType, "charset")),
                html, encoding.equals("quoted-printable"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(findings.report(envelopeSender));
    }

    private Findings findings(InputStream message, TopHeader top, boolean readText) {
        Findings findings = new Findings(top, readText);
        MimeTokenStream stream = tokenStream();
        stream.parse(message);
        boolean inTopHeader = true;
        int nesting = 0;
        int parts = 0;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if ((state == EntityState.T_START_MULTIPART && ++nesting > MAX_NESTING)
                    || (state == EntityState.T_START_HEADER && ++parts > MAX_PARTS)) {
                    InputBounds.reached(InputBounds.Bound.PARTS);
                    break;
                } else if (state == EntityState.T_END_MULTIPART) {
                    nesting--;
                } else if (state == EntityState.T_FIELD && !inTopHeader) {
                    findings.partField(stream.getField());
                } else if (state == EntityState.T_END_HEADER && inTopHeader) {
                    // the top header was read by the gate
                    inTopHeader = false;
                } else if (state == EntityState.T_START_HEADER) {
                    findings.startPart();
                } else if (state == EntityState.T_PREAMBLE) {
                    // a multipart whose boundary never occurs keeps its whole text here
                    findings.preamble(stream);
                } else if (state == EntityState.T_BODY) {
                    findings.body(stream.getBodyDescriptor(), stream);
                    if (findings.complete()) {
                        // the rest is the returned message's body: nothing in it changes the report
                        break;
                    }
                }
            }
        } catch (MimeException | MaxLineLimitException e) {
            // one of Mime4J's limits, or MIME it cannot read: report what was read so far
            InputBounds.reached(InputBounds.Bound.MIME);
        } catch (RuntimeException e) {
            // broken MIME: report what was read so far
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    /** What one pass over the message found. */
    private static final class Findings {
        final TopHeader top;
        private boolean deliveryStatus;
        private boolean feedbackReport;
        private boolean dispositionNotification;
        private final List<FailedRecipient> recipients = new ArrayList<>();
        /** Original-Rcpt-To / Removal-Recipient of a feedback part, X-HmXmrOriginalRecipient of a junk-mail report. */
        private final Set<String> markedFeedbackRecipients = new LinkedHashSet<>();
        private Optional<OriginalMessage> original = Optional.empty();
        private final StringBuilder reportText = new StringBuilder(4096);
        private int textParts;
        private boolean plainTextRead;

        private final boolean readText;

        Findings(TopHeader top, boolean readText) {
            this.top = top;
            this.readText = readText;
        }

        /** The returned original has been read after the part that explains it: the parts left are not needed. */
        boolean complete() {
            return original.isPresent() && (deliveryStatus || feedbackReport || dispositionNotification || textParts > 0);
        }

        /** Whether {@link #report} needs no report text: the status part (or the feedback / MDN part) decides alone. */
        boolean answeredWithoutText() {
            if (feedbackReport || top.reportType.equals("feedback-report")) {
                return true;
            }
            if (deliveryStatus && !recipients.isEmpty()) {
                List<FailedRecipient> failedOrDelayed = new ArrayList<>(withAction("failed", '5'));
                failedOrDelayed.addAll(withAction("delayed", '4'));
                // a generic status (Exim's 5.0.0) the Diagnostic-Code does not make specific is read in the text
                boolean textNeeded = failedOrDelayed.stream().anyMatch(recipient -> isGeneric(recipient.status())
                    && recipient.diagnostic().map(diagnostic -> specificCode(diagnostic, recipient.status().get().charAt(0)) == null).orElse(true));
                return !textNeeded && (original.isPresent() || failedOrDelayed.isEmpty());
            }
            return !deliveryStatus && (dispositionNotification || top.reportType.equals("disposition-notification"));
        }

        /** Some MTAs return the original's header as a part's own header (no Content-Type, no blank line before it). */
        private final List<String[]> partHeader = new ArrayList<>();
        private boolean partHeaderLooksReturned;

        void startPart() {
            partHeader.clear();
            partHeaderLooksReturned = false;
        }

        void partField(Field field) {
            if (partHeader.size() < HeaderBlock.MAX_FIELDS && original.isEmpty()) {
                String name = field.getName();
                // only the fields an original's header is read for; the others are never decoded
                for (String wanted : RETURNED_FIELDS) {
                    if (wanted.equalsIgnoreCase(name)) {
                        String body = field.getBody() == null ? "" : field.getBody();
                        partHeader.add(new String[] {wanted, body.length() > HeaderBlock.MAX_FIELD_LENGTH ? body.substring(0, HeaderBlock.MAX_FIELD_LENGTH) : body});
                        partHeaderLooksReturned |= wanted.equals("message-id");
                        return;
                    }
                }
            }
        }

        /** The fields read from a returned message's header. */
        private static final List<String> ORIGINAL_FIELDS = List.of("message-id", "received", "from", "to", "cc", "subject", "date",
            "x-hmxmroriginalrecipient");

        private static final List<String> RETURNED_FIELDS = List.of("message-id", "received", "from", "to", "cc", "subject", "date");

        void preamble(MimeTokenStream stream) throws IOException {
            if (readText && textParts < MAX_TEXT_PARTS && reportText.length() < MAX_REPORT_TEXT) {
                textParts++;
                appendText(stream.getInputStream(), StandardCharsets.ISO_8859_1, false, false);
            }
        }

        void body(BodyDescriptor descriptor, MimeTokenStream stream) throws IOException {
            if (partHeaderLooksReturned && original.isEmpty()) {
                StringBuilder block = new StringBuilder();
                for (String[] field : partHeader) {
                    block.append(field[0]).append(": ").append(field[1].replace("\r", "").replace("\n", " ")).append('\n');
                }
                HeaderBlock headers = HeaderBlock.read(block.toString());
                if (headers.first("received").isPresent()) {
                    original = Optional.of(originalFrom(headers));
                }
            }
            String type = descriptor.getMimeType() == null ? "" : descriptor.getMimeType();
            switch (type) {
                case "message/delivery-status", "message/global-delivery-status" -> {
                    deliveryStatus = true;
                    readDeliveryStatus(decodedText(stream.getDecodedInputStream(), MAX_PART_TEXT, null, false));
                }
                case "message/feedback-report" -> {
                    feedbackReport = true;
                    readFeedbackReport(decodedText(stream.getDecodedInputStream(), MAX_PART_TEXT, null, false));
                }
                case "message/disposition-notification", "message/global-disposition-notification" -> {
                    dispositionNotification = true;
                    readDispositionNotification(decodedText(stream.getDecodedInputStream(), MAX_PART_TEXT, null, false));
                }
                case "message/rfc822", "message/global", "message/partial", "text/rfc822-headers", "text/rfc822-header", "message/rfc822-headers",
                     "message/global-headers" -> {
                    if (original.isEmpty()) {
                        HeaderBlock headers = HeaderBlock.read(decodedText(stream.getDecodedInputStream(), MAX_PART_TEXT, StandardCharsets.ISO_8859_1, true),
                            new HeaderBlock.Cursor(), ORIGINAL_FIELDS);
                        // an empty returned part (some MTAs attach one) leaves the text's quoted header a chance
                        if (!headers.isEmpty()) {
                            original = Optional.of(originalFrom(headers));
                        }
                        // Hotmail's junk-mail reports (JMRP) return the complained-about message with this marker
                        Optional<String> junkMailRecipient = headers.first("x-hmxmroriginalrecipient");
                        feedbackReport |= junkMailRecipient.isPresent();
                        junkMailRecipient.ifPresent(value -> PlainTextReport.addressesIn(value, markedFeedbackRecipients));
                    }
                }
                default -> {
                    boolean html = type.equals("text/html");
                    // an HTML twin of a plain-text part says the same thing, at a higher cost
                    if (readText && type.startsWith("text/") && !type.startsWith("text/rfc822-header") && textParts < MAX_TEXT_PARTS
                        && reportText.length() < MAX_REPORT_TEXT && !(html && plainTextRead)) {
                        plainTextRead |= type.equals("text/plain");
                        textParts++;
                        // quoted-printable text is decoded here in one pass over the raw bytes, several
                        // times faster than Mime4J's byte-wise decoding stream
                        boolean quotedPrintable = "quoted-printable".equalsIgnoreCase(descriptor.getTransferEncoding());
                        appendText(quotedPrintable ? stream.getInputStream() : stream.getDecodedInputStream(),
                            Charsets.named(descriptor.getCharset()), html, quotedPrintable);
                    }
                    // other parts are not read at all
                }
            }
        }

        /** The text of a message that is nothing but that text. */
        void singleTextPart(InputStream text, Charset charset, boolean html, boolean quotedPrintable) throws IOException {
            plainTextRead |= !html;
            textParts++;
            appendText(text, charset, html, quotedPrintable);
        }

        /** Bytes of one part, reused across the parts of a message. */
        private byte[] buffer = SCRATCH.get();

        /**
         * The decoded part as text, at most {@code limit} bytes, line breaks (CRLF, CR) made LF;
         * a null {@code charset} reads UTF-8 when the bytes are valid UTF-8 and Latin-1 otherwise
         * (status fields may carry raw UTF-8, RFC 6533);
         * with {@code headerOnly}, reading stops at the first blank line (a returned message's body
         * is never read).
         */
        private String decodedText(InputStream in, int limit, Charset charset, boolean headerOnly) throws IOException {
            return decodedText(in, limit, charset, headerOnly, false);
        }

        private String decodedText(InputStream in, int limit, Charset charset, boolean headerOnly, boolean quotedPrintable) throws IOException {
            int length = 0;
            int scanned = 0;
            while (length < limit) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(Math.max(buffer.length * 2, 8192), limit));
                    if (buffer.length <= MAX_KEPT_SCRATCH) {
                        SCRATCH.set(buffer);
                    }
                }
                int read = in.read(buffer, length, Math.min(buffer.length, limit) - length);
                if (read < 0) {
                    break;
                }
                length += read;
                if (headerOnly) {
                    int end = HeaderScanner.headerEnd(buffer, scanned - 3, length);
                    if (end >= 0) {
                        length = end;
                        break;
                    }
                    scanned = length;
                }
            }
            if (length >= limit && in.read() >= 0) {
                InputBounds.reached(InputBounds.Bound.TEXT);
            }
            if (quotedPrintable) {
                length = QuotedPrintable.decode(buffer, length);
            }
            String text = charset == null ? Charsets.utf8OrLatin1(buffer, length) : new String(buffer, 0, length, charset);
            return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
        }

        /** The part's text added to the report text, HTML tags dropped, up to the report text budget. */
        private void appendText(InputStream in, Charset charset, boolean html, boolean quotedPrintable) throws IOException {
            int budget = Math.min(html ? MAX_HTML_PART_TEXT : MAX_PART_TEXT, MAX_REPORT_TEXT - reportText.length());
            String text = decodedText(in, budget, charset, false, quotedPrintable);
            if (html) {
                text = withoutTags(text);
            }
            reportText.append(text).append('\n');
        }

        private static String withoutTags(String html) {
            char[] chars = html.toCharArray();
            int out = 0;
            boolean inTag = false;
            for (char c : chars) {
                if (c == '<') {
                    inTag = true;
                    chars[out++] = ' ';
                } else if (inTag) {
                    inTag = c != '>';
                } else {
                    chars[out++] = c;
                }
            }
            return new String(chars, 0, out);
        }

        private void readDeliveryStatus(String text) {
            HeaderBlock.Cursor cursor = new HeaderBlock.Cursor();
            HeaderBlock perMessage = HeaderBlock.read(text, cursor);
            Optional<String> reportingMta = perMessage.first("reporting-mta").map(Findings::afterType);
            // some MTAs (AOL) write the first recipient's fields without the blank line after the per-message ones
            if (perMessage.first("final-recipient").isPresent() || perMessage.first("original-recipient").isPresent()) {
                addRecipient(perMessage, reportingMta);
            }
            for (int groups = 0; groups < 1000; groups++) {
                HeaderBlock group = HeaderBlock.read(text, cursor);
                if (group.isEmpty()) {
                    return;
                }
                if (isReturnedHeader(group)) {
                    // some MTAs append the original's header to the status part instead of a part of its own
                    if (original.isEmpty()) {
                        original = Optional.of(originalFrom(group));
                    }
                    continue;
                }
                addRecipient(group, reportingMta);
            }
            InputBounds.reached(InputBounds.Bound.RECIPIENTS);
        }

        /** A block without recipient fields that holds what a message header holds. */
        private static boolean isReturnedHeader(HeaderBlock group) {
            return group.first("final-recipient").isEmpty() && group.first("original-recipient").isEmpty()
                && (group.first("message-id").isPresent() || (group.first("received").isPresent() && group.first("from").isPresent()));
        }

        /** The Original-Message-ID of a disposition notification that reports a rejection. */
        private Optional<String> rejectedMessageId = Optional.empty();

        /**
         * A disposition notification sent automatically for a deleted message is a rejection (a
         * Sieve "reject", RFC 5429): its Final-Recipient failed. Read receipts and manual
         * dispositions report no failure.
         */
        private void readDispositionNotification(String text) {
            HeaderBlock fields = HeaderBlock.read(text);
            String disposition = TextScan.asciiLower(fields.first("disposition").orElse(""));
            int semicolon = disposition.indexOf(';');
            if (semicolon < 0 || !disposition.substring(0, semicolon).trim().startsWith("automatic-action")) {
                return;
            }
            String type = disposition.substring(semicolon + 1).trim();
            if (!(type.startsWith("deleted") || type.startsWith("denied") || type.startsWith("failed"))) {
                return;
            }
            Optional<String> address = fields.first("final-recipient").or(() -> fields.first("original-recipient"))
                .map(Findings::afterType).map(Findings::bareAddress).filter(Findings::isUsableAddress);
            address.ifPresent(value -> recipients.add(new FailedRecipient(value, Optional.empty(),
                fields.first("failure").or(() -> fields.first("error")), fields.first("reporting-ua").map(Findings::afterType), Optional.of("failed"))));
            rejectedMessageId = fields.first("original-message-id").map(Findings::bareMessageId).filter(id -> !id.isEmpty());
            rejectedByDisposition = address.isPresent();
        }

        private boolean rejectedByDisposition;

        /** The recipient fields of a feedback report (RFC 5965 Original-Rcpt-To, RFC 6650 Removal-Recipient). */
        private void readFeedbackReport(String text) {
            HeaderBlock.Cursor cursor = new HeaderBlock.Cursor();
            for (int blocks = 0; blocks < 100 && cursor.position < text.length(); blocks++) {
                HeaderBlock block = HeaderBlock.read(text, cursor);
                if (block.isEmpty()) {
                    return;
                }
                for (String field : List.of("original-rcpt-to", "removal-recipient")) {
                    for (String value : block.all(field)) {
                        String address = bareAddress(afterType(value));
                        if (isUsableAddress(address) && markedFeedbackRecipients.size() < PlainTextReport.MAX_RECIPIENTS) {
                            markedFeedbackRecipients.add(address);
                        }
                    }
                }
            }
        }

        /**
         * Whom a feedback report is about: the recipients its report part names, or else the
         * addressees of the returned message (a handful at most; an undisclosed list names nobody).
         */
        private List<String> feedbackRecipients() {
            if (!markedFeedbackRecipients.isEmpty()) {
                return List.copyOf(markedFeedbackRecipients);
            }
            Set<String> to = new LinkedHashSet<>();
            original.flatMap(OriginalMessage::to).ifPresent(value -> PlainTextReport.addressesIn(value, to));
            return to.size() > 5 ? List.of() : List.copyOf(to);
        }

        /** The address that sent an auto-reply: its From, else its Return-Path. */
        private Optional<String> replyingAddress() {
            Set<String> from = new LinkedHashSet<>();
            PlainTextReport.addressesIn(top.from, from);
            if (from.isEmpty()) {
                PlainTextReport.addressesIn(top.returnPath, from);
            }
            return from.stream().findFirst();
        }

        private void addRecipient(HeaderBlock group, Optional<String> reportingMta) {
            // the final address, unless the MTA wrote an unusable one (no local part, a bare host name),
            // or a local one (no domain, "LOCAL;" or "X-Unix;" types) while the original recipient is a full address
            Optional<String> finalAddress = group.first("final-recipient").map(Findings::afterType).map(Findings::bareAddress)
                .filter(Findings::isUsableAddress);
            Optional<String> originalAddress = group.first("original-recipient").map(Findings::afterType).map(Findings::bareAddress)
                .filter(Findings::isUsableAddress);
            Optional<String> address = finalAddress.isPresent() && (finalAddress.get().indexOf('@') > 0 || originalAddress.isEmpty()
                || originalAddress.get().indexOf('@') < 0) ? finalAddress : originalAddress;
            if (address.isEmpty()) {
                return;
            }
            if (recipients.size() >= MAX_RECIPIENTS) {
                InputBounds.reached(InputBounds.Bound.RECIPIENTS);
                return;
            }
            Optional<String> otherOriginal = originalAddress.filter(original -> !original.equalsIgnoreCase(address.get()));
            recipients.add(new FailedRecipient(address.get(),
                group.first("status").map(status -> firstWord(status)),
                group.first("diagnostic-code").map(Findings::afterType),
                reportingMta,
                group.first("action").map(action -> standardAction(firstWord(action).toLowerCase(Locale.ROOT))),
                otherOriginal));
        }

        /** RFC 3464's action words; some MTAs write "failure", "fail" or "delay" for "failed" and "delayed". */
        private static String standardAction(String action) {
            if (action.startsWith("fail")) {
                return "failed";
            }
            return action.startsWith("delay") ? "delayed" : action;
        }

        BounceReport report(Optional<String> envelopeSender) {
            Set<String> listed = new LinkedHashSet<>();
            PlainTextReport.addressesIn(top.failedRecipients, listed);
            return report(envelopeSender, List.copyOf(listed)).withXFailedRecipients(List.copyOf(listed));
        }

        private BounceReport report(Optional<String> envelopeSender, List<String> xFailedRecipients) {
            if (feedbackReport || top.reportType.equals("feedback-report")) {
                return new BounceReport(BounceReport.Kind.FEEDBACK, List.of(), original, feedbackRecipients(), Optional.empty());
            }
            if (deliveryStatus) {
                Optional<OriginalMessage> original = this.original.isPresent() ? this.original
                    : PlainTextReport.inlineOriginal(reportText.toString()).map(Findings::originalFrom);
                List<FailedRecipient> failed = specific(withDomains(withAction("failed", '5'), original), xFailedRecipients);
                if (!failed.isEmpty()) {
                    return new BounceReport(BounceReport.Kind.FAILURE, failed, original);
                }
                List<FailedRecipient> delayed = specific(withDomains(withAction("delayed", '4'), original), xFailedRecipients);
                if (!delayed.isEmpty()) {
                    return new BounceReport(BounceReport.Kind.DELAY, delayed, original);
                }
                if (!recipients.isEmpty()) {
                    // a success notice (delivered, relayed, expanded) is not a bounce
                    return new BounceReport(BounceReport.Kind.NONE, List.of(), original);
                }
                // a status part without a readable recipient: read the text instead
            }
            if (rejectedByDisposition) {
                return new BounceReport(BounceReport.Kind.FAILURE, recipients, original.or(() -> rejectedMessageId.map(OriginalMessage::ofMessageId)));
            }
            if (dispositionNotification || top.reportType.equals("disposition-notification")) {
                return new BounceReport(BounceReport.Kind.NONE, List.of(), original);
            }
            PlainTextReport.Reading reading = readText(envelopeSender);
            if (reading.kind() != BounceReport.Kind.NONE) {
                Optional<OriginalMessage> returned = original.isPresent() ? original : reading.inlineOriginal().map(Findings::originalFrom);
                List<FailedRecipient> failed = reading.recipients();
                if (failed.isEmpty()) {
                    failed = recipientsOfReturned(returned, reading.kind());
                }
                return new BounceReport(reading.kind(), failed, returned);
            }
            if (top.autoReplied() || (top.hasAutoReplySubject() && (top.fromIsDaemon() || top.autoSubmitted.isPresent()
                || envelopeSender.map(Addresses::isBounceSender).orElse(false)))) {
                return new BounceReport(BounceReport.Kind.AUTO_REPLY, List.of(), original, List.of(), replyingAddress());
            }
            return new BounceReport(BounceReport.Kind.NONE, List.of(), original);
        }

        /**
         * A report that names nobody returns the message that failed: when that message had one
         * addressee, that is the recipient. With several (To and Cc), any of them may be the one
         * that failed, and nothing is said.
         */
        private List<FailedRecipient> recipientsOfReturned(Optional<OriginalMessage> returned, BounceReport.Kind kind) {
            Set<String> to = new LinkedHashSet<>();
            returned.flatMap(OriginalMessage::to).ifPresent(value -> PlainTextReport.addressesIn(value, to));
            returned.flatMap(OriginalMessage::cc).ifPresent(value -> PlainTextReport.addressesIn(value, to));
            if (to.size() != 1) {
                return List.of();
            }
            String action = kind == BounceReport.Kind.DELAY ? "delayed" : "failed";
            return to.stream().map(address -> new FailedRecipient(address, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(action))).toList();
        }

        private PlainTextReport.Reading readText(Optional<String> envelopeSender) {
            Set<String> excluded = new HashSet<>();
            PlainTextReport.addressesIn(top.from, excluded);
            PlainTextReport.addressesIn(top.to, excluded);
            PlainTextReport.addressesIn(top.returnPath, excluded);
            envelopeSender.ifPresent(sender -> PlainTextReport.addressesIn(sender, excluded));
            original.flatMap(OriginalMessage::from).ifPresent(from -> PlainTextReport.addressesIn(from, excluded));
            List<String> listed = new ArrayList<>();
            Set<String> listedSet = new LinkedHashSet<>();
            PlainTextReport.addressesIn(top.failedRecipients, listedSet);
            listed.addAll(listedSet);
            boolean daemonEvidence = !listed.isEmpty() || (top.fromIsDaemon() && top.hasBounceSubject());
            boolean machineSender = top.fromIsDaemon() || top.isAutoSubmitted()
                || top.contentType.startsWith("multipart/report") || envelopeSender.map(Addresses::isBounceSender).orElse(false);
            boolean subjectSaysDelay = top.subject.contains("delay") || top.subject.contains("warning");
            return PlainTextReport.read(reportText.toString(), excluded, listed,
                new PlainTextReport.Sender(daemonEvidence, machineSender, top.hasBounceSubject(), subjectSaysDelay));
        }

        /**
         * Recipients named without a domain (a screen name such as AOL's) completed
         * from the returned message's To and Cc, where one address has that local part, spaces
         * and case aside; the others are kept as they were written.
         */
        private static List<FailedRecipient> withDomains(List<FailedRecipient> recipients, Optional<OriginalMessage> original) {
            if (original.isEmpty() || recipients.stream().allMatch(recipient -> recipient.address().indexOf('@') > 0)) {
                return recipients;
            }
            Set<String> addressees = new LinkedHashSet<>();
            original.get().to().ifPresent(value -> PlainTextReport.addressesIn(value, addressees));
            original.get().cc().ifPresent(value -> PlainTextReport.addressesIn(value, addressees));
            List<FailedRecipient> completed = new ArrayList<>();
            for (FailedRecipient recipient : recipients) {
                String name = recipient.address().replace(" ", "");
                List<String> matching = recipient.address().indexOf('@') > 0 ? List.of()
                    : addressees.stream().filter(address -> address.substring(0, address.indexOf('@')).equals(name)).toList();
                completed.add(matching.size() != 1 ? recipient : new FailedRecipient(matching.get(0), recipient.status(),
                    recipient.diagnostic(), recipient.reportingMta(), recipient.action(), recipient.originalRecipient()));
            }
            return completed;
        }

        /** Recipients whose generic status is made specific; past this many, the rest keep what the status part said. */
        private static final int MAX_REFINED = 20;

        /**
         * Recipients with a generic status ({@code 5.0.0}, {@code 4.0.0}: Exim writes nothing else)
         * given the specific code of the same class from their Diagnostic-Code, or else from the
         * text about them in the human-readable part, which also gives the reason when there is no
         * Diagnostic-Code (Exim's routing failures). The text about a recipient is the paragraph
         * under its address - or under the address X-Failed-Recipients names instead, when the status
         * part names one recipient that the header does not (an address Exim forwarded).
         */
        private List<FailedRecipient> specific(List<FailedRecipient> found, List<String> xFailedRecipients) {
            List<FailedRecipient> refined = new ArrayList<>(found.size());
            String text = reportText.toString();
            String lower = null;
            for (int i = 0; i < found.size(); i++) {
                FailedRecipient recipient = found.get(i);
                if (i >= MAX_REFINED || !isGeneric(recipient.status())) {
                    refined.add(recipient);
                    continue;
                }
                char statusClass = recipient.status().get().charAt(0);
                String code = recipient.diagnostic().map(diagnostic -> specificCode(diagnostic, statusClass)).orElse(null);
                Optional<String> diagnostic = recipient.diagnostic().filter(value -> !value.isBlank());
                if (code == null || diagnostic.isEmpty()) {
                    String address = found.size() == 1 && xFailedRecipients.size() == 1 && !xFailedRecipients.contains(recipient.address())
                        ? xFailedRecipients.get(0) : recipient.address();
                    if (lower == null) {
                        lower = TextScan.asciiLower(text);
                    }
                    Optional<PlainTextReport.Paragraph> paragraph = PlainTextReport.paragraphAbout(text, lower, address);
                    if (code == null) {
                        code = paragraph.map(about -> specificCode(about.text(), statusClass)).orElse(null);
                    }
                    if (diagnostic.isEmpty()) {
                        diagnostic = paragraph.map(PlainTextReport.Paragraph::text);
                    }
                }
                refined.add(new FailedRecipient(recipient.address(), code == null ? recipient.status() : Optional.of(code), diagnostic,
                    recipient.reportingMta(), recipient.action()));
            }
            return refined;
        }

        /** {@code 5.0.0} or {@code 4.0.0}: a class without a subject or detail. */
        private static boolean isGeneric(Optional<String> status) {
            return status.map(value -> value.length() == 5 && (value.charAt(0) == '4' || value.charAt(0) == '5') && value.endsWith(".0.0")).orElse(false);
        }

        /** The first enhanced status code of this class in {@code text} that is not itself generic, or null. */
        private static String specificCode(String text, char statusClass) {
            String code = TextScan.statusCode(text, 0, Math.min(text.length(), 1000));
            return code != null && code.charAt(0) == statusClass && !code.substring(1).equals(".0.0") ? code : null;
        }

        /** Recipients with this action, or without an action but a status of this class. */
        private List<FailedRecipient> withAction(String action, char statusClass) {
            return recipients.stream()
                .filter(recipient -> recipient.action()
                    .map(value -> value.equals(action))
                    .orElseGet(() -> recipient.status().map(status -> !status.isEmpty() && status.charAt(0) == statusClass).orElse(false)))
                .toList();
        }

        private static OriginalMessage originalFrom(HeaderBlock headers) {
            return new OriginalMessage(
                lastMessageId(headers),
                headers.first("from"),
                headers.first("to"),
                headers.first("subject"),
                headers.first("date"),
                headers.all("received"),
                headers.first("cc"));
        }

        /**
         * The last Message-ID of a returned header: a header should hold one, and where a relay added
         * its own, it put it above the author's (fields are prepended on the way).
         */
        private static Optional<String> lastMessageId(HeaderBlock headers) {
            List<String> ids = headers.all("message-id");
            for (int i = ids.size() - 1; i >= 0; i--) {
                String id = bareMessageId(ids.get(i));
                if (!id.isEmpty()) {
                    return Optional.of(id);
                }
            }
            return Optional.empty();
        }

        /** "rfc822; user@example.org" → "user@example.org". */
        private static String afterType(String value) {
            int semicolon = value.indexOf(';');
            return (semicolon < 0 ? value : value.substring(semicolon + 1)).trim();
        }

        private static String bareAddress(String value) {
            String trimmed = value.trim();
            int open = trimmed.indexOf('<');
            int close = trimmed.indexOf('>', open + 1);
            if (open >= 0 && close > open) {
                trimmed = trimmed.substring(open + 1, close);
            }
            // RFC 5321 source route "@relay1,@relay2:user@example.org"
            if (trimmed.startsWith("@") && trimmed.indexOf(':') > 0) {
                trimmed = trimmed.substring(trimmed.lastIndexOf(':') + 1);
            }
            trimmed = trimmed.trim().toLowerCase(Locale.ROOT);
            trimmed = TextScan.withoutX400Prefix(trimmed);
            // a pipe or file destination names the address it was expanded from: "|/bin/filter user@example.org"
            if (trimmed.indexOf(' ') > 0 && trimmed.indexOf('@') > 0) {
                Set<String> inside = new LinkedHashSet<>();
                PlainTextReport.addressesIn(trimmed, inside);
                if (inside.size() == 1) {
                    return inside.iterator().next();
                }
            }
            return trimmed;
        }

        private static boolean isUsableAddress(String address) {
            int at = address.lastIndexOf('@');
            return at > 0 && address.indexOf('.', at) > at + 1 || (at < 0 && !address.isEmpty() && address.indexOf(' ') < 0 && !address.startsWith("|"));
        }

        /** Message-IDs keep their case: only the angle brackets go. */
        private static String bareMessageId(String value) {
            String trimmed = value.trim();
            int open = trimmed.indexOf('<');
            int close = trimmed.indexOf('>', open + 1);
            return (open >= 0 && close > open ? trimmed.substring(open + 1, close) : trimmed).trim();
        }

        private static String firstWord(String value) {
            String trimmed = value.trim();
            int space = 0;
            while (space < trimmed.length() && !Character.isWhitespace(trimmed.charAt(space)) && trimmed.charAt(space) != '(') {
                space++;
            }
            return trimmed.substring(0, space);
        }
    }
}
