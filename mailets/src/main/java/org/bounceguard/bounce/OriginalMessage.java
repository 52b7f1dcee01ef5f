package org.bounceguard.bounce;

import java.util.List;
import java.util.Optional;

/** The headers of the message a report returns (message/rfc822 or text/rfc822-headers). */
public record OriginalMessage(Optional<String> messageId, Optional<String> from, Optional<String> to,
                              Optional<String> subject, Optional<String> date, List<String> received, Optional<String> cc) {
    public OriginalMessage {
        received = List.copyOf(received);
    }

    /** An original without a Cc field. */
    public OriginalMessage(Optional<String> messageId, Optional<String> from, Optional<String> to,
                           Optional<String> subject, Optional<String> date, List<String> received) {
        this(messageId, from, to, subject, date, received, Optional.empty());
    }

    /** An original known only by the Message-ID a report gives (an MDN's Original-Message-ID). */
    static OriginalMessage ofMessageId(String messageId) {
        return new OriginalMessage(Optional.of(messageId), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }
}
