package org.bounceguard.configuration;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bounceguard.net.IpRanges;
import org.bounceguard.net.Values;

import com.google.common.net.HostAndPort;

/**
 * The text of each setting and the one grammar of each kind of value: durations, whole numbers,
 * booleans, lists (commas and/or white space), address lists ({@code host:port}) and CIDR lists.
 * Used only while {@link BounceguardSettings} builds its records.
 */
final class SettingsText {
    private final Function<String, Optional<String>> source;

    SettingsText(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** A raw setting, trimmed; empty when unset or blank. Never log secrets read through this. */
    Optional<String> value(String key) {
        if (!BounceguardSettings.KEYS.contains(key)) {
            throw new IllegalStateException("'" + key + "' is not declared in BounceguardSettings.KEYS");
        }
        return source.apply(key).filter(value -> !value.isEmpty());
    }

    /** A positive duration such as {@code 500ms}, {@code 2s}, {@code 5m}. */
    Optional<Duration> duration(String key) {
        return value(key).map(text -> parse(key, text, Values::positiveDuration));
    }

    /** A duration that may be zero (off). */
    Optional<Duration> durationOrZero(String key) {
        return value(key).map(text -> parse(key, text, Values::duration));
    }

    /** A positive whole number. */
    Optional<Long> number(String key) {
        return value(key).map(text -> parse(key, text, Values::positive));
    }

    Optional<Integer> positiveInt(String key) {
        return value(key).map(text -> parse(key, text, value -> {
            long number = Values.positive(value);
            if (number > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("expected a positive whole number up to " + Integer.MAX_VALUE);
            }
            return (int) number;
        }));
    }

    Optional<Boolean> bool(String key) {
        return value(key).map(text -> parse(key, text, Values::bool));
    }

    /** Items separated by commas and/or white space. */
    Optional<List<String>> list(String key) {
        return value(key).map(Values::list);
    }

    /** IP addresses and CIDR ranges. */
    Optional<IpRanges> ranges(String key) {
        return value(key).map(text -> parse(key, text, IpRanges::parse));
    }

    /** {@code host:port} items, port 53 when left out. */
    List<InetSocketAddress> servers(String key) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String server : list(key).orElse(List.of())) {
            try {
                HostAndPort hostAndPort = HostAndPort.fromString(server).withDefaultPort(53);
                servers.add(new InetSocketAddress(hostAndPort.getHost(), hostAndPort.getPort()));
            } catch (IllegalArgumentException e) {
                throw BounceguardSettings.invalid(key, server, "expected host:port, e.g. 127.0.0.1:53");
            }
        }
        return List.copyOf(servers);
    }

    /** Applies {@code parser} to a setting's text; its {@link IllegalArgumentException} comes back naming the file and key. */
    <T> T parse(String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw BounceguardSettings.invalid(key, text, e.getMessage());
        }
    }

    /**
     * A secret written under {@code key}, or kept in the file {@code fileKey} names (readable by its
     * owner alone), whose entries {@code fromFile} turns into the same text; both at once is refused.
     * Messages name the keys and the file, never the secret.
     */
    <T> Optional<T> secretOrFile(String key, String fileKey, Function<List<String>, String> fromFile, Function<String, T> parser) {
        Optional<String> file = value(fileKey);
        if (file.isEmpty()) {
            return secret(key, parser);
        }
        if (value(key).isPresent()) {
            throw BounceguardSettings.invalid(key + ", " + fileKey, "set one of them, not both");
        }
        Path path = Path.of(file.get());
        List<String> entries = SecretFile.entries(fileKey, path);
        try {
            return Optional.of(parser.apply(fromFile.apply(entries)));
        } catch (IllegalArgumentException e) {
            // the secrets' parsers never put the secret in their messages
            throw new IllegalArgumentException(SecretFile.where(fileKey, path) + ": " + e.getMessage());
        }
    }

    /** Applies {@code parser} to a secret; its message comes back naming the key, never the value. */
    <T> Optional<T> secret(String key, Function<String, T> parser) {
        return value(key).map(text -> {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                // the secrets' parsers never put the secret in their messages
                throw BounceguardSettings.invalid(key, e.getMessage());
            }
        });
    }
}
