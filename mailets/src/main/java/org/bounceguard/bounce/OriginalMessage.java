package org.bounceguard.bounce;

import java.util.List;
import java.util.Optional;

/** The headers of the message a report returns (message/rfc822 or text/rfc822-headers). */
public record OriginalMessage(Optional<String> messageId, Optional<String> from, Optional<String> to,
                              Optional<String> subject, Optional<String> date, List<String> received) {
    public OriginalMessage {
        received = List.copyOf(received);
    }
}
