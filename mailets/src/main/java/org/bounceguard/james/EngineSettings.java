package org.bounceguard.james;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.util.DurationParser;
import org.bounceguard.dnsbl.DnsblEngine;

import com.google.common.base.Splitter;
import com.google.common.net.HostAndPort;

/**
 * The engine-wide settings of {@code conf/bounceguard.properties}, parsed once. Every key may be
 * overridden by a JVM system property {@code bounceguard.<key>}. A bad value fails James's
 * start-up with a message naming the file, the key and what was expected.
 */
final class EngineSettings {
    static final String FILE = "bounceguard.properties";
    static final String SYSTEM_PROPERTY_PREFIX = "bounceguard.";

    private final Function<String, Optional<String>> source;

    private EngineSettings(Function<String, Optional<String>> source) {
        this.source = source;
    }

    /** {@code file} may be absent: every setting then has its default. */
    static EngineSettings of(Optional<Configuration> file) {
        return new EngineSettings(key -> {
            String override = System.getProperty(SYSTEM_PROPERTY_PREFIX + key);
            if (override != null) {
                return Optional.of(override.trim());
            }
            return file.map(configuration -> configuration.getList(String.class, key, List.of()))
                .filter(values -> !values.isEmpty())
                // commons-configuration splits on commas; the settings want the text back
                .map(values -> String.join(",", values).trim());
        });
    }

    DnsblEngine.Builder applyTo(DnsblEngine.Builder builder) {
        builder.servers(servers("dns.servers"));
        duration("dns.queryTimeout").ifPresent(builder::queryTimeout);
        duration("dnsbl.deadline").ifPresent(builder::deadline);
        number("dnsbl.cache.maximumSize").ifPresent(builder::cacheMaximumSize);
        duration("dnsbl.cache.minTtl").ifPresent(builder::minTtl);
        duration("dnsbl.cache.maxTtl").ifPresent(builder::maxTtl);
        duration("dnsbl.cache.negativeTtl").ifPresent(builder::negativeTtl);
        durationOrZero("dnsbl.health.interval").ifPresent(builder::healthProbeInterval);
        number("dnsbl.health.refusalsToDisable").ifPresent(value -> builder.refusalsToDisable(Math.toIntExact(value)));
        bool("dnsbl.skip.private").ifPresent(builder::skipPrivate);
        bool("dnsbl.skip.loopback").ifPresent(builder::skipLoopback);
        list("dnsbl.trustedNetworks").ifPresent(networks -> {
            try {
                builder.trustedNetworks(networks);
            } catch (IllegalArgumentException e) {
                throw invalid("dnsbl.trustedNetworks", String.join(",", networks), e.getMessage());
            }
        });
        bool("dnsbl.txt").ifPresent(builder::fetchTxt);
        return builder;
    }

    private Optional<String> value(String key) {
        return source.apply(key).filter(value -> !value.isEmpty());
    }

    private Optional<Duration> duration(String key) {
        return value(key).map(text -> {
            Duration duration = parseDuration(key, text);
            if (duration.isZero() || duration.isNegative()) {
                throw invalid(key, text, "expected a positive duration such as 500ms, 2s, 5m");
            }
            return duration;
        });
    }

    private Optional<Duration> durationOrZero(String key) {
        return value(key).map(text -> parseDuration(key, text));
    }

    private Duration parseDuration(String key, String text) {
        try {
            Duration duration = DurationParser.parse(text);
            if (duration.isNegative()) {
                throw invalid(key, text, "expected a duration that is not negative");
            }
            return duration;
        } catch (NumberFormatException e) {
            throw invalid(key, text, "expected a duration with a unit, such as 500ms, 2s, 5m, 1h");
        }
    }

    private Optional<Long> number(String key) {
        return value(key).map(text -> {
            try {
                long number = Long.parseLong(text);
                if (number <= 0) {
                    throw invalid(key, text, "expected a positive whole number");
                }
                return number;
            } catch (NumberFormatException e) {
                throw invalid(key, text, "expected a positive whole number");
            }
        });
    }

    private Optional<Boolean> bool(String key) {
        return value(key).map(text -> switch (text.toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, text, "expected true or false");
        });
    }

    private Optional<List<String>> list(String key) {
        return value(key).map(text -> Splitter.on(',').trimResults().omitEmptyStrings().splitToList(text));
    }

    private List<InetSocketAddress> servers(String key) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String server : list(key).orElse(List.of())) {
            try {
                HostAndPort hostAndPort = HostAndPort.fromString(server).withDefaultPort(53);
                servers.add(new InetSocketAddress(hostAndPort.getHost(), hostAndPort.getPort()));
            } catch (IllegalArgumentException e) {
                throw invalid(key, server, "expected host:port, e.g. 127.0.0.1:53");
            }
        }
        return servers;
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(FILE + ": " + key + " = '" + value + "': " + expected);
    }
}
