package org.bounceguard.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a message says about a delivery: its kind, the recipients that failed, the original it
 * returns, and for the kinds that report no failure the address they are about - the original
 * recipients a feedback report (ARF) complains for, the address that sent an auto-reply.
 *
 * @param recipients the recipients that could not (yet) be delivered to; empty for feedback reports and auto-replies
 * @param feedbackRecipients for a feedback report, the recipients of the reported message, lowercase
 *     ({@code Original-Rcpt-To}, {@code Removal-Recipient}, or the returned message's {@code To})
 * @param replyingAddress for an auto-reply, the address that answered, lowercase
 * @param xFailedRecipients the addresses the report's {@code X-Failed-Recipients} header names, lowercase
 *     (Exim, Postfix with some settings): for an address the reporting MTA forwarded, the address that
 *     failed, while {@code recipients} keeps the one the report's status part names
 */
public record BounceReport(Kind kind, List<FailedRecipient> recipients, Optional<OriginalMessage> original,
                           List<String> feedbackRecipients, Optional<String> replyingAddress, List<String> xFailedRecipients) {
    /** The kinds, with the words the command line prints. */
    public enum Kind {
        FAILURE, DELAY, FEEDBACK, AUTO_REPLY, NONE;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public BounceReport {
        recipients = List.copyOf(recipients);
        feedbackRecipients = List.copyOf(feedbackRecipients);
        xFailedRecipients = List.copyOf(xFailedRecipients);
    }

    public BounceReport(Kind kind, List<FailedRecipient> recipients, Optional<OriginalMessage> original,
                        List<String> feedbackRecipients, Optional<String> replyingAddress) {
        this(kind, recipients, original, feedbackRecipients, replyingAddress, List.of());
    }

    /** This report with the addresses of its X-Failed-Recipients header. */
    BounceReport withXFailedRecipients(List<String> addresses) {
        return addresses.isEmpty() ? this : new BounceReport(kind, recipients, original, feedbackRecipients, replyingAddress, addresses);
    }

    /** A report without feedback recipients or replying address: failures, delays and non-reports. */
    public BounceReport(Kind kind, List<FailedRecipient> recipients, Optional<OriginalMessage> original) {
        this(kind, recipients, original, List.of(), Optional.empty());
    }

    public static BounceReport none() {
        return new BounceReport(Kind.NONE, List.of(), Optional.empty());
    }

    public Optional<String> originalMessageId() {
        return original.flatMap(OriginalMessage::messageId);
    }

    /**
     * The addresses the report is about, whatever its kind: the failed recipients of a failure or
     * a delay, the feedback recipients of a feedback report, the replying address of an auto-reply.
     */
    public List<String> addresses() {
        return switch (kind) {
            case FEEDBACK -> feedbackRecipients;
            case AUTO_REPLY -> replyingAddress.map(List::of).orElse(List.of());
            default -> recipients.stream().map(FailedRecipient::address).toList();
        };
    }

    /**
     * {@link #addresses()}, plus each failed recipient's {@code Original-Recipient} where it differs:
     * every address the report says the original was sent to, as the sender or the reporting MTA wrote it.
     */
    public List<String> originalRecipients() {
        List<String> addresses = new java.util.ArrayList<>(addresses());
        if (kind == Kind.FAILURE || kind == Kind.DELAY) {
            recipients.forEach(recipient -> recipient.originalRecipient().ifPresent(addresses::add));
        }
        return List.copyOf(addresses);
    }
}
