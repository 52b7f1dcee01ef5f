package org.bounceguard.bounce;

import java.util.Optional;

/** One recipient a report says could not (yet) be delivered to. */
public record FailedRecipient(String address, Optional<String> status, Optional<String> diagnostic,
                              Optional<String> reportingMta, Optional<String> action) {
}
