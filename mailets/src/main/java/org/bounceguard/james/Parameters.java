package org.bounceguard.james;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.util.DurationParser;
import org.bounceguard.dnsbl.ZoneSpec;

/**
 * Parses matcher and mailet parameters once, at init, into values; every error names the
 * component, the parameter and what is expected, so James's start-up log says what to fix.
 */
public final class Parameters {
    private final String component;

    public Parameters(String component) {
        this.component = component;
    }

    public List<ZoneSpec> zones(String parameter, String value) throws MessagingException {
        if (value == null || value.isBlank()) {
            throw error(parameter, "is required: a list of DNSBL zones such as zen.spamhaus.org=127.0.0.[2..11]*3, bl.spamcop.net*2");
        }
        try {
            return ZoneSpec.parseList(value);
        } catch (IllegalArgumentException e) {
            throw error(parameter, e.getMessage());
        }
    }

    public Optional<Duration> optionalDuration(String parameter, String value) throws MessagingException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Duration duration = DurationParser.parse(value.trim());
            if (duration.isZero() || duration.isNegative()) {
                throw error(parameter, "'" + value.trim() + "' must be a positive duration such as 500ms or 2s");
            }
            return Optional.of(duration);
        } catch (NumberFormatException e) {
            throw error(parameter, "'" + value.trim() + "' is not a duration; expected e.g. 500ms, 2s, 1m");
        }
    }

    public int integer(String parameter, String value) throws MessagingException {
        if (value == null || value.isBlank()) {
            throw error(parameter, "is required: a whole number");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw error(parameter, "'" + value.trim() + "' is not a whole number");
        }
    }

    public boolean bool(String parameter, String value, boolean defaultValue) throws MessagingException {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase()) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw error(parameter, "'" + value.trim() + "' must be true or false");
        };
    }

    public TrustedRelays trustedRelays(String parameter, String value) throws MessagingException {
        if (value == null || value.isBlank()) {
            return TrustedRelays.NONE;
        }
        try {
            return TrustedRelays.parse(value);
        } catch (IllegalArgumentException e) {
            throw error(parameter, e.getMessage());
        }
    }

    public MessagingException error(String parameter, String problem) {
        return new MessagingException(component + ": parameter '" + parameter + "' " + problem);
    }
}
