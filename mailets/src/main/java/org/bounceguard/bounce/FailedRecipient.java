package org.bounceguard.bounce;

import java.util.Optional;

/**
 * One recipient a report says could not (yet) be delivered to.
 *
 * @param originalRecipient a DSN's {@code Original-Recipient} when it names another address than
 *     {@code address}: the address the sender wrote, before the reporting MTA expanded an alias
 */
public record FailedRecipient(String address, Optional<String> status, Optional<String> diagnostic,
                              Optional<String> reportingMta, Optional<String> action, Optional<String> originalRecipient) {
    /** A recipient known by one address only (no Original-Recipient, or the same one). */
    public FailedRecipient(String address, Optional<String> status, Optional<String> diagnostic,
                           Optional<String> reportingMta, Optional<String> action) {
        this(address, status, diagnostic, reportingMta, action, Optional.empty());
    }
}
