package org.bounceguard.bounce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a message says about a failed delivery: its kind, the recipients that failed, the original it returns. */
public record BounceReport(Kind kind, List<FailedRecipient> recipients, Optional<OriginalMessage> original) {
    /** The kinds, with the words the command line prints. */
    public enum Kind {
        FAILURE, DELAY, FEEDBACK, AUTO_REPLY, NONE;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public BounceReport {
        recipients = List.copyOf(recipients);
    }

    public static BounceReport none() {
        return new BounceReport(Kind.NONE, List.of(), Optional.empty());
    }

    public Optional<String> originalMessageId() {
        return original.flatMap(OriginalMessage::messageId);
    }
}
