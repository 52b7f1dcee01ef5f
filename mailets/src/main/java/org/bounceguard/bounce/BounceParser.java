package org.bounceguard.bounce;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

import com.google.common.io.ByteStreams;

/**
 * Reads a delivery report: its kind, the recipients that failed and the headers of the original
 * message it returns. This version understands the standard structures - RFC 3464 delivery
 * status notifications ({@code multipart/report; report-type=delivery-status}), RFC 5965 feedback
 * reports, RFC 3798 disposition notifications, RFC 3834 auto-replies, and returned originals as
 * {@code message/rfc822} or {@code text/rfc822-headers}. Plain-text NDRs of MTAs that do not
 * send RFC 3464 reports are recognised as such in a later version (issue 4).
 *
 * <p>Streaming (Apache Mime4J's token stream, without building a DOM) with hard limits: at most
 * {@link #MAX_PART_TEXT} bytes of any part are read, header blocks are bounded
 * ({@link HeaderBlock}), bodies that are not report parts are skipped unread, and no regular
 * expression runs over the input. The cost is linear in the message size, and the work done
 * per part is bounded. Never throws on malformed input: what could be read is reported.
 */
public final class BounceParser {
    static final int MAX_PART_TEXT = 256 * 1024;

    private final MimeConfig config = new MimeConfig.Builder()
        .setStrictParsing(false)
        .setMaxLineLen(-1)
        .setMaxHeaderCount(-1)
        .setMaxHeaderLen(-1)
        .setMaxContentLen(-1)
        .setMalformedHeaderStartsBody(true)
        .build();

    public BounceReport parse(byte[] raw, Optional<String> envelopeSender) {
        return parse(new ByteArrayInputStream(raw), envelopeSender);
    }

    public BounceReport parse(InputStream raw, Optional<String> envelopeSender) {
        Findings findings = new Findings();
        MimeTokenStream stream = new MimeTokenStream(config);
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        try {
            stream.parse(withoutMboxSeparator(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inTopHeader = true;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_FIELD && inTopHeader) {
                    findings.topField(stream.getField());
                } else if (state == EntityState.T_END_HEADER) {
                    inTopHeader = false;
                } else if (state == EntityState.T_BODY) {
                    findings.body(stream.getBodyDescriptor(), stream);
                }
            }
        } catch (MimeException | RuntimeException e) {
            // broken MIME: report what was read so far
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings.report();
    }

    /**
     * Messages exported from mailboxes often start with an mbox "From sender date" line, which
     * is not a header field and would end the header before it began.
     */
    private static InputStream withoutMboxSeparator(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 8192);
        buffered.mark(1024);
        byte[] start = new byte[5];
        int read = buffered.readNBytes(start, 0, 5);
        if (read == 5 && new String(start, StandardCharsets.US_ASCII).equals("From ")) {
            for (int i = 0, c = 0; i < 1019 && (c = buffered.read()) != -1; i++) {
                if (c == '\n') {
                    return buffered;
                }
            }
        }
        buffered.reset();
        return buffered;
    }

    /** What one pass over the message found. */
    private static final class Findings {
        private String reportType = "";
        private Optional<String> autoSubmitted = Optional.empty();
        private boolean autoReplyHeader;
        private boolean deliveryStatus;
        private boolean feedbackReport;
        private boolean dispositionNotification;
        private final List<FailedRecipient> recipients = new ArrayList<>();
        private Optional<OriginalMessage> original = Optional.empty();

        void topField(Field field) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            String value = field.getBody() == null ? "" : field.getBody().trim();
            String lower = value.toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-type" -> reportType = parameter(lower, "report-type");
                case "auto-submitted" -> autoSubmitted = Optional.of(lower);
                case "x-autoreply", "x-autorespond", "x-autoresponder" -> autoReplyHeader = true;
                case "precedence" -> autoReplyHeader |= lower.startsWith("auto_reply") || lower.startsWith("auto-reply");
                default -> {
                }
            }
        }

        void body(BodyDescriptor descriptor, MimeTokenStream stream) throws IOException {
            String type = descriptor.getMimeType() == null ? "" : descriptor.getMimeType().toLowerCase(Locale.ROOT);
            switch (type) {
                case "message/delivery-status", "message/global-delivery-status" -> {
                    deliveryStatus = true;
                    readDeliveryStatus(reader(stream));
                }
                case "message/feedback-report" -> feedbackReport = true;
                case "message/disposition-notification", "message/global-disposition-notification" -> dispositionNotification = true;
                case "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers", "message/global-headers" -> {
                    if (original.isEmpty()) {
                        original = Optional.of(originalFrom(HeaderBlock.read(reader(stream))));
                    }
                }
                default -> {
                    // other parts are not read at all
                }
            }
        }

        private static BufferedReader reader(MimeTokenStream stream) {
            InputStream bounded = ByteStreams.limit(stream.getDecodedInputStream(), MAX_PART_TEXT);
            return new BufferedReader(new InputStreamReader(bounded, StandardCharsets.ISO_8859_1));
        }

        private void readDeliveryStatus(BufferedReader reader) throws IOException {
            HeaderBlock perMessage = HeaderBlock.read(reader);
            Optional<String> reportingMta = perMessage.first("reporting-mta").map(Findings::afterType);
            for (int groups = 0; groups < 1000; groups++) {
                HeaderBlock group = HeaderBlock.read(reader);
                if (group.isEmpty()) {
                    return;
                }
                Optional<String> address = group.first("final-recipient").or(() -> group.first("original-recipient"))
                    .map(Findings::afterType).map(Findings::bareAddress).filter(value -> !value.isEmpty());
                if (address.isEmpty()) {
                    continue;
                }
                recipients.add(new FailedRecipient(address.get(),
                    group.first("status").map(status -> firstWord(status)),
                    group.first("diagnostic-code").map(Findings::afterType),
                    reportingMta,
                    group.first("action").map(action -> firstWord(action).toLowerCase(Locale.ROOT))));
            }
        }

        BounceReport report() {
            if (feedbackReport || reportType.equals("feedback-report")) {
                return new BounceReport(BounceReport.Kind.FEEDBACK, List.of(), original);
            }
            if (deliveryStatus) {
                List<FailedRecipient> failed = withAction("failed", '5');
                if (!failed.isEmpty()) {
                    return new BounceReport(BounceReport.Kind.FAILURE, failed, original);
                }
                List<FailedRecipient> delayed = withAction("delayed", '4');
                if (!delayed.isEmpty()) {
                    return new BounceReport(BounceReport.Kind.DELAY, delayed, original);
                }
                // a success notice (delivered, relayed, expanded) is not a bounce
                return new BounceReport(BounceReport.Kind.NONE, List.of(), original);
            }
            if (dispositionNotification || reportType.equals("disposition-notification")) {
                return new BounceReport(BounceReport.Kind.NONE, List.of(), original);
            }
            boolean autoReplied = autoSubmitted.map(value -> value.startsWith("auto-replied")).orElse(false) || autoReplyHeader;
            if (autoReplied) {
                return new BounceReport(BounceReport.Kind.AUTO_REPLY, List.of(), original);
            }
            return new BounceReport(BounceReport.Kind.NONE, List.of(), original);
        }

        /** Recipients with this action, or without an action but a status of this class. */
        private List<FailedRecipient> withAction(String action, char statusClass) {
            return recipients.stream()
                .filter(recipient -> recipient.action()
                    .map(value -> value.equals(action))
                    .orElseGet(() -> recipient.status().map(status -> status.charAt(0) == statusClass).orElse(false)))
                .toList();
        }

        private static OriginalMessage originalFrom(HeaderBlock headers) {
            return new OriginalMessage(
                headers.first("message-id").map(Findings::bareMessageId).filter(id -> !id.isEmpty()),
                headers.first("from"),
                headers.first("to"),
                headers.first("subject"),
                headers.first("date"),
                headers.all("received"));
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
            return trimmed.trim().toLowerCase(Locale.ROOT);
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

        private static String parameter(String contentType, String name) {
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
}
