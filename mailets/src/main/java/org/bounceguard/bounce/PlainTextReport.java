package org.bounceguard.bounce;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the human-readable text of a delivery report that carries no machine-readable status
 * part: qmail, old Sendmail, Exim, Exchange, Lotus Notes, webmail providers and the rest. It
 * works on wording families ({@link NdrPhrases}) and on the shapes every such report shares -
 * addresses, enhanced status codes, SMTP reply codes, a quoted copy of the original header -
 * rather than on one layout per MTA, so senders it was not tuned on are read too.
 *
 * <p>The text is bounded by the caller; every scan here is linear in it (each '@' and each
 * line costs a bounded amount of work), so the cost is at most proportional to
 * {@link BounceParser#MAX_REPORT_TEXT}.
 */
final class PlainTextReport {
    static final int MAX_RECIPIENTS = 100;
    private static final int MAX_ADDRESSES_EXAMINED = 2000;
    private static final int DIAGNOSTIC_WINDOW = 1500;
    private static final int MAX_DIAGNOSTIC = 400;
    private static final int CONTEXT = 120;

    private static final List<String> ORIGINAL_HEADER_NAMES = List.of("received", "message-id", "return-path", "from", "to",
        "subject", "date", "mime-version", "delivered-to", "dkim-signature", "content-type", "reply-to", "cc", "sender",
        "authentication-results", "received-spf", "x-mailer", "x-originating-ip", "content-transfer-encoding", "user-agent");

    /** What the text says. {@code kind} is NONE when it does not read as a delivery report. */
    record Reading(BounceReport.Kind kind, List<FailedRecipient> recipients, Optional<HeaderBlock> inlineOriginal) {
    }

    private PlainTextReport() {
    }

    /**
     * What the top header says about the sender of a text.
     *
     * @param daemonEvidence the header leaves no doubt that this is a report (daemon sender with bounce subject, X-Failed-Recipients)
     * @param machineSender a daemon or null sender, Auto-Submitted, or a report content type: no person wrote this
     * @param bounceSubject the subject belongs to the bounce family (and is no person's reply)
     * @param subjectSaysDelay the subject belongs to the "delayed" family
     */
    record Sender(boolean daemonEvidence, boolean machineSender, boolean bounceSubject, boolean subjectSaysDelay) {
    }

    /**
     * A text reads as a delivery report when it uses a "not delivered" wording, when the header
     * leaves no doubt, or when a machine (or a bounce subject) tells why a named recipient failed
     * - an unknown user, a full mailbox, a refusal - in whatever words the vendor chose. A person's
     * mail that only quotes such wording ("> ") is no report unless it forwards the report whole,
     * with the report's own daemon sender.
     *
     * @param text the report's text parts, line breaks normalised to LF
     * @param excluded lowercase addresses that are the report's own sender, addressee or the original's author
     * @param listedRecipients X-Failed-Recipients, lowercase, when the header named them
     */
    static Reading read(String text, Set<String> excluded, List<String> listedRecipients, Sender sender) {
        char[] lowerChars = TextScan.asciiLowerChars(text);
        String lower = new String(lowerChars);
        Optional<Reading> notification = jsonBounceNotification(lower);
        if (notification.isPresent()) {
            return notification.get();
        }
        int[] phrases = NdrPhrases.REPORT_TEXT.firstOfEach(lowerChars);
        int notDelivered = phrases[NdrPhrases.NOT_DELIVERED_FAMILY];
        if (notDelivered >= 0 && !sender.machineSender() && isQuoted(text, notDelivered) && !quotesDaemonSender(text, lower)) {
            notDelivered = -1;
        }
        boolean reasonGiven = phrases[NdrPhrases.REASON_FAMILY] >= 0 || phrases[NdrPhrases.PERMANENT_REASON_FAMILY] >= 0;
        boolean reasonFromMachine = reasonGiven && (sender.machineSender() || sender.bounceSubject());
        if (notDelivered < 0 && !sender.daemonEvidence() && !reasonFromMachine) {
            return new Reading(BounceReport.Kind.NONE, List.of(), Optional.empty());
        }
        boolean gaveUp = phrases[NdrPhrases.GAVE_UP_FAMILY] >= 0;
        boolean stillTrying = phrases[NdrPhrases.STILL_TRYING_FAMILY] >= 0
            || (sender.subjectSaysDelay() && phrases[NdrPhrases.PERMANENT_REASON_FAMILY] < 0);
        BounceReport.Kind kind = stillTrying && !gaveUp ? BounceReport.Kind.DELAY : BounceReport.Kind.FAILURE;

        OriginalSpan original = findInlineOriginal(text, lower, phrases[NdrPhrases.ORIGINAL_FOLLOWS_FAMILY]);
        int reportEnd = original == null ? text.length() : original.reportEnd;
        Set<String> notRecipients = new HashSet<>(excluded);
        if (original != null) {
            // the original's author is the one the report goes back to, never a failed recipient
            for (String field : List.of("from", "sender", "return-path")) {
                original.headers.first(field).ifPresent(value -> addressesIn(value, notRecipients));
            }
        }
        List<FailedRecipient> recipients = recipients(text, lower, reportEnd, notRecipients, listedRecipients, kind);
        if (recipients.isEmpty() && notDelivered < 0 && !sender.daemonEvidence()) {
            // a reason without anyone who failed is no report
            return new Reading(BounceReport.Kind.NONE, List.of(), Optional.empty());
        }
        return new Reading(kind, recipients, original == null ? Optional.empty() : Optional.of(original.headers));
    }

    /** Whether the line holding {@code at} is quoted ("> "). */
    private static boolean isQuoted(String text, int at) {
        int start = TextScan.lineStart(text, at);
        while (start < at && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        return start < text.length() && text.charAt(start) == '>';
    }

    /** Whether the text holds a forwarded report's own header line "From: MAILER-DAEMON..." (quoted or not). */
    private static boolean quotesDaemonSender(String text, String lower) {
        for (int at = lower.indexOf("from:"); at >= 0; at = lower.indexOf("from:", at + 1)) {
            int start = TextScan.lineStart(text, at);
            // the sender's name and address, not the rest of a (possibly megabyte-long) line
            int valueEnd = Math.min(TextScan.lineEnd(lower, at, CONTEXT * 2), lower.length());
            if (text.substring(start, at).replace(">", "").isBlank() && TopHeader.isDaemonAddress(lower.substring(at + 5, valueEnd))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Amazon SES bounce notifications mailed through SNS: JSON (often JSON inside a JSON string,
     * hence the optional backslashes) with {@code "notificationType":"Bounce"} and one
     * {@code "emailAddress"} per bounced recipient.
     */
    private static Optional<Reading> jsonBounceNotification(String lower) {
        int type = lower.indexOf("notificationtype");
        if (type < 0) {
            return Optional.empty();
        }
        String after = lower.substring(type, Math.min(lower.length(), type + 40)).replace("\\", "").replace("\"", "").replace(" ", "");
        if (!after.startsWith("notificationtype:bounce")) {
            return Optional.empty();
        }
        Set<String> addresses = new java.util.LinkedHashSet<>();
        for (int key = lower.indexOf("emailaddress"); key >= 0 && addresses.size() < MAX_RECIPIENTS; key = lower.indexOf("emailaddress", key + 1)) {
            // the address follows its key closely: looking further for each key would rescan the text
            int at = indexOf(lower, '@', key, key + 40);
            if (at > 0) {
                TextScan.Address address = TextScan.addressAt(lower, at);
                if (address != null) {
                    addresses.add(address.value());
                }
            }
        }
        List<FailedRecipient> recipients = addresses.stream()
            .map(address -> new FailedRecipient(address, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("failed"))).toList();
        Optional<HeaderBlock> original = jsonValueAfter(lower, "\"mail\"", "messageid")
            .map(id -> HeaderBlock.of("message-id", id));
        return Optional.of(new Reading(BounceReport.Kind.FAILURE, recipients, original));
    }

    /** The string value of the first {@code key} after {@code section} in (possibly escaped) JSON, original case lost. */
    private static Optional<String> jsonValueAfter(String lower, String section, String key) {
        int sectionAt = lower.indexOf(section);
        if (sectionAt < 0) {
            sectionAt = lower.indexOf(section.replace("\"", "\\\""));
        }
        int keyAt = sectionAt < 0 ? -1 : lower.indexOf(key, sectionAt);
        if (keyAt < 0) {
            return Optional.empty();
        }
        int i = keyAt + key.length();
        int limit = Math.min(lower.length(), i + 10);
        while (i < limit && (lower.charAt(i) == '"' || lower.charAt(i) == '\\' || lower.charAt(i) == ':' || lower.charAt(i) == ' ')) {
            i++;
        }
        int end = i;
        while (end < lower.length() && end - i < 256 && lower.charAt(end) != '"' && lower.charAt(end) != '\\') {
            end++;
        }
        return end > i ? Optional.of(lower.substring(i, end)) : Optional.empty();
    }

    /** Every address in a header value, lowercase, added to {@code into}. */
    static void addressesIn(String value, Set<String> into) {
        for (int at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
            TextScan.Address address = TextScan.addressAt(value, at);
            if (address != null) {
                into.add(address.value());
            }
        }
    }

    private record OriginalSpan(int reportEnd, HeaderBlock headers) {
    }

    /**
     * The quoted original header of a report text, if it holds one: a run of header lines holding
     * a Message-ID or a Received field (the report's own text ends where it starts, or at the line
     * announcing it).
     */
    static Optional<HeaderBlock> inlineOriginal(String text) {
        // where the announcement stands only bounds the report's own text, not needed here
        OriginalSpan span = findInlineOriginal(text, TextScan.asciiLower(text), -1);
        return span == null ? Optional.empty() : Optional.of(span.headers);
    }

    private static OriginalSpan findInlineOriginal(String text, String lower, int announcement) {
        int nextMessageId = lower.indexOf("message-id:");
        int nextReceived = lower.indexOf("received:");
        if (nextMessageId < 0 && nextReceived < 0) {
            return null;
        }
        int lineStart = 0;
        while (lineStart < text.length()) {
            int lineEnd = TextScan.lineEnd(text, lineStart);
            if (isOriginalHeaderLine(text, lineStart, lineEnd)) {
                int blockEnd = blockEnd(text, lineStart);
                // only a block holding one of the two fields can qualify: skip building the others
                if (nextMessageId >= 0 && nextMessageId < lineStart) {
                    nextMessageId = lower.indexOf("message-id:", lineStart);
                }
                if (nextReceived >= 0 && nextReceived < lineStart) {
                    nextReceived = lower.indexOf("received:", lineStart);
                }
                boolean candidate = (nextMessageId >= 0 && nextMessageId < blockEnd) || (nextReceived >= 0 && nextReceived < blockEnd);
                if (!candidate) {
                    if (nextMessageId < 0 && nextReceived < 0) {
                        return null;
                    }
                    lineStart = blockEnd >= text.length() ? text.length() : blockEnd + 1;
                    continue;
                }
                String block = unquoted(text.substring(lineStart, blockEnd));
                HeaderBlock headers = read(block);
                // a forwarded report quotes its own header first: that is not the returned original
                boolean reportsOwnHeader = headers.first("content-type").map(type -> TextScan.asciiLower(type).startsWith("multipart/report")).orElse(false)
                    || (headers.first("from").map(TopHeader::isDaemonAddress).orElse(false)
                        && headers.first("subject").map(subject -> TextScan.containsAny(TextScan.asciiLower(subject), NdrPhrases.BOUNCE_SUBJECTS)).orElse(false));
                if (!reportsOwnHeader && (headers.first("message-id").isPresent() || headers.first("received").isPresent())) {
                    int reportEnd = announcement >= 0 && announcement < lineStart ? TextScan.lineStart(text, announcement) : lineStart;
                    if (headers.first("message-id").isEmpty()) {
                        // the relay's own Received block came first; the original's fields follow further down
                        headers = headers.withMessageId(messageIdLineAfter(text, lower, blockEnd));
                    }
                    return new OriginalSpan(reportEnd, headers);
                }
                lineStart = blockEnd >= text.length() ? text.length() : blockEnd + 1;
                continue;
            }
            lineStart = lineEnd + 1;
        }
        return null;
    }

    /** The value of the first "Message-ID:" line within 16,000 characters after {@code from}, or empty. */
    private static Optional<String> messageIdLineAfter(String text, String lower, int from) {
        int limit = Math.min(text.length(), from + 16_000);
        for (int at = lower.indexOf("message-id:", from); at >= 0 && at < limit; at = lower.indexOf("message-id:", at + 1)) {
            int lineStart = TextScan.lineStart(text, at);
            if (text.substring(lineStart, at).isBlank()) {
                return Optional.of(text.substring(at + "message-id:".length(), TextScan.lineEnd(text, at)).trim());
            }
        }
        return Optional.empty();
    }

    /**
     * Where the field name of a header-looking line (after quoting "> " and indentation) ends, at
     * its colon, or -1. No allocation: this runs on every line of a report.
     */
    private static int fieldNameEnd(String text, int start, int end) {
        int nameStart = nameStart(text, start, end);
        int i = nameStart;
        while (i < end && i - nameStart < 40) {
            char c = text.charAt(i);
            if (c == ':') {
                return i > nameStart ? i : -1;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private static int nameStart(String text, int start, int end) {
        int i = start;
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '>')) {
            i++;
        }
        return i;
    }

    /** A line holding one of the fields a returned header starts with. */
    private static boolean isOriginalHeaderLine(String text, int start, int end) {
        int colon = fieldNameEnd(text, start, end);
        if (colon < 0) {
            return false;
        }
        int nameStart = nameStart(text, start, end);
        int length = colon - nameStart;
        for (String name : ORIGINAL_HEADER_NAMES) {
            if (name.length() == length && text.regionMatches(true, nameStart, name, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The end of a run of header and continuation lines starting at {@code start}: the next blank
     * line, or a line that is neither a field nor a continuation and is not followed (within a few
     * lines) by a field - wrapped lines that lost their indentation stay inside the block.
     */
    private static int blockEnd(String text, int start) {
        int lineStart = start;
        int lines = 0;
        while (lineStart < text.length() && lines < HeaderBlock.MAX_FIELDS) {
            int lineEnd = TextScan.lineEnd(text, lineStart);
            boolean blank = isBlank(text, lineStart, lineEnd);
            boolean continuation = !blank && (text.charAt(lineStart) == ' ' || text.charAt(lineStart) == '\t');
            if (blank || (lines > 0 && !continuation && fieldNameEnd(text, lineStart, lineEnd) < 0 && !fieldFollows(text, lineEnd + 1))) {
                return lineStart > start ? lineStart - 1 : lineStart;
            }
            lines++;
            lineStart = lineEnd + 1;
        }
        return Math.min(lineStart, text.length());
    }

    /** Whether a field line comes within the next few lines, before any blank line. */
    private static boolean fieldFollows(String text, int from) {
        int lineStart = from;
        for (int i = 0; i < 12 && lineStart < text.length(); i++) {
            int lineEnd = TextScan.lineEnd(text, lineStart);
            if (isBlank(text, lineStart, lineEnd)) {
                return false;
            }
            if (fieldNameEnd(text, lineStart, lineEnd) >= 0) {
                return true;
            }
            lineStart = lineEnd + 1;
        }
        return false;
    }

    private static boolean isBlank(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '>' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Lines without the common indentation / "> " quoting, so that the header reader sees fields and continuations. */
    private static String unquoted(String block) {
        StringBuilder out = new StringBuilder(block.length());
        int indent = -1;
        for (String line : block.split("\n", -1)) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == '>') {
                i++;
                if (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
            }
            String rest = line.substring(i);
            if (indent < 0) {
                int spaces = 0;
                while (spaces < rest.length() && (rest.charAt(spaces) == ' ' || rest.charAt(spaces) == '\t')) {
                    spaces++;
                }
                indent = spaces;
            }
            int strip = 0;
            while (strip < indent && strip < rest.length() && (rest.charAt(strip) == ' ' || rest.charAt(strip) == '\t')) {
                strip++;
            }
            out.append(rest, strip, rest.length()).append('\n');
        }
        return out.toString();
    }

    private static HeaderBlock read(String block) {
        return HeaderBlock.read(block);
    }

    /**
     * The failed addresses of the report text in {@code [0, end)}: every address there except
     * the excluded ones and those whose line introduces a sender, a contact or an identifier.
     * When X-Failed-Recipients named them, those are the recipients, in that order.
     */
    private static List<FailedRecipient> recipients(String text, String lower, int end, Set<String> excluded,
                                                    List<String> listedRecipients, BounceReport.Kind kind) {
        Map<String, Integer> firstSeen = new LinkedHashMap<>();
        Map<String, Integer> quotedAddressees = new LinkedHashMap<>();
        int examined = 0;
        for (int at = text.indexOf('@'); at >= 0 && at < end && examined < MAX_ADDRESSES_EXAMINED && firstSeen.size() < MAX_RECIPIENTS;
             at = text.indexOf('@', at + 1)) {
            examined++;
            TextScan.Address address = TextScan.addressAt(text, at);
            if (address == null || address.end() > end || excluded.contains(address.value()) || firstSeen.containsKey(address.value())) {
                continue;
            }
            if (isQuotedAddresseeLine(lower, address)) {
                quotedAddressees.putIfAbsent(address.value(), address.start());
                continue;
            }
            if (isSenderOrContactContext(lower, address)) {
                continue;
            }
            firstSeen.put(address.value(), address.start());
        }
        if (examined >= MAX_ADDRESSES_EXAMINED || firstSeen.size() >= MAX_RECIPIENTS) {
            InputBounds.reached(InputBounds.Bound.RECIPIENTS);
        }
        if (firstSeen.isEmpty()) {
            // the report names its recipient only in a quoted "To:" line
            firstSeen.putAll(quotedAddressees);
        }
        List<String> statusFieldRecipients = finalRecipientFields(text, lower);
        List<String> addresses = !listedRecipients.isEmpty() ? listedRecipients
            : !statusFieldRecipients.isEmpty() ? statusFieldRecipients
            : new ArrayList<>(firstSeen.keySet());
        List<Integer> positions = new ArrayList<>();
        for (String address : addresses) {
            Integer position = firstSeen.get(address);
            positions.add(position == null ? lower.indexOf(address) : position);
        }
        List<FailedRecipient> recipients = new ArrayList<>();
        for (int i = 0; i < addresses.size() && i < MAX_RECIPIENTS; i++) {
            int position = positions.get(i);
            int windowEnd = position < 0 ? -1 : Math.min(end, position + DIAGNOSTIC_WINDOW);
            for (int next : positions) {
                if (position >= 0 && next > position && next < windowEnd) {
                    windowEnd = next;
                }
            }
            Optional<String> status = Optional.empty();
            Optional<String> diagnostic = Optional.empty();
            if (position >= 0) {
                int from = TextScan.lineStart(text, position);
                if (position - from > CONTEXT) {
                    from = position;
                }
                status = Optional.ofNullable(TextScan.statusCode(text, from, windowEnd));
                diagnostic = diagnostic(text, from, windowEnd);
            }
            if (status.isEmpty() && addresses.size() == 1) {
                status = Optional.ofNullable(TextScan.statusCode(text, 0, end));
            }
            recipients.add(new FailedRecipient(addresses.get(i), status, diagnostic, Optional.empty(),
                Optional.of(kind == BounceReport.Kind.DELAY ? "delayed" : "failed")));
        }
        return recipients;
    }

    /** The lines about one recipient, whitespace collapsed, cut at a blank line and at {@link #MAX_DIAGNOSTIC} characters. */
    private static Optional<String> diagnostic(String text, int from, int to) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        int newlines = 0;
        for (int i = from; i < to && out.length() < MAX_DIAGNOSTIC; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                newlines++;
                if (newlines >= 2 && out.length() > 0) {
                    break;
                }
                space = true;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                space = true;
                continue;
            }
            if (c != '>') {
                // a quoting mark alone does not make a line non-blank
                newlines = 0;
            }
            if (space && out.length() > 0) {
                out.append(' ');
            }
            space = false;
            out.append(c);
        }
        String value = out.toString().trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static final List<String> NOT_A_RECIPIENT = List.of("contact", "assistance", "received at", "sent by", "from:",
        "mail from", "envelope-from", "envelope from", "reply-to", "message-id", "return-path", "sender:", "mailto:",
        "originally sent", "help desk", "helpdesk", "administrator", "the following address(es) failed to receive",
        // help texts: where to write, and example addresses
        "write to", "e.g.", "for example", "example address", "for help", "for assistance", "such as");

    /**
     * Addresses of "Final-Recipient:" fields in the text: a status report quoted or forwarded as
     * text (no message/delivery-status part) still names its recipients the RFC 3464 way.
     */
    private static List<String> finalRecipientFields(String text, String lower) {
        List<String> found = new ArrayList<>();
        for (int at = lower.indexOf("final-recipient:"); at >= 0 && found.size() < MAX_RECIPIENTS; at = lower.indexOf("final-recipient:", at + 1)) {
            int end = TextScan.lineEnd(text, at, CONTEXT * 2);
            int atSign = indexOf(text, '@', at, end);
            if (atSign > 0) {
                TextScan.Address address = TextScan.addressAt(text, atSign);
                if (address != null && !found.contains(address.value())) {
                    found.add(address.value());
                }
            }
        }
        return found;
    }

    /** The first {@code c} in {@code [from, to)}, or -1. */
    private static int indexOf(String text, char c, int from, int to) {
        int limit = Math.min(to, text.length());
        for (int i = from; i < limit; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The words a report text writes about one address: the lines under it, up to the next blank line. */
    record Paragraph(String text) {
    }

    /**
     * The paragraph about {@code address} (lowercase) in a report text ({@code lower}: the same,
     * ASCII-lowercased): where the address first
     * stands, the lines under it up to a blank line (at most {@link #MAX_DIAGNOSTIC} characters,
     * whitespace collapsed, the address itself left out). Exim writes each failed address this way,
     * indented, with the remote server's answer or its own reason under it.
     */
    static Optional<Paragraph> paragraphAbout(String text, String lower, String address) {
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int at = lower.indexOf(address);
        if (at < 0) {
            return Optional.empty();
        }
        int from = at + address.length();
        while (from < text.length() && (text.charAt(from) == '>' || text.charAt(from) == ':')) {
            from++;
        }
        return diagnostic(text, from, Math.min(text.length(), from + DIAGNOSTIC_WINDOW)).map(Paragraph::new);
    }

    /** A quoted "To:" / "Cc:" line lists every addressee of the original, failed or not: second choice only. */
    private static boolean isQuotedAddresseeLine(String lower, TextScan.Address address) {
        int lineStart = TextScan.lineStart(lower, address.start());
        String before = lower.substring(Math.max(lineStart, address.start() - CONTEXT), address.start()).trim();
        return before.startsWith("to:") || before.startsWith("cc:");
    }

    /** The text just before the address on its line tells whether it names a sender, a contact or an identifier. */
    private static boolean isSenderOrContactContext(String lower, TextScan.Address address) {
        int lineStart = TextScan.lineStart(lower, address.start());
        int from = Math.max(lineStart, address.start() - CONTEXT);
        String before = lower.substring(from, address.start());
        for (String marker : NOT_A_RECIPIENT) {
            if (before.contains(marker)) {
                return true;
            }
        }
        String trimmed = before.trim();
        if (trimmed.equals("from") || trimmed.startsWith("from ") || trimmed.endsWith(" from") || trimmed.endsWith(" from <")
            || trimmed.equals("from <") || trimmed.endsWith("id <") || trimmed.endsWith("id")) {
            return true;
        }
        // a Message-ID-like token written without "Message-ID:" before it: <digits.digits@host>
        String local = address.value().substring(0, address.value().indexOf('@'));
        int digits = 0;
        for (int i = 0; i < local.length(); i++) {
            if (Character.isDigit(local.charAt(i))) {
                digits++;
            }
        }
        return local.length() >= 16 && digits * 2 > local.length();
    }
}
