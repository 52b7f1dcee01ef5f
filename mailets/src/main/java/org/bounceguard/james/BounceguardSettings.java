package org.bounceguard.james;

import java.io.FileNotFoundException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.util.DurationParser;
import org.apache.james.utils.PropertiesProvider;
import org.bounceguard.dnsbl.DnsResolvers;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.UdpTransportSettings;
import org.bounceguard.suppression.NdrRateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.xbill.DNS.Resolver;

import com.google.common.base.Splitter;
import com.google.common.net.HostAndPort;

/**
 * The server-wide settings of {@code conf/bounceguard.properties}, read once per James server.
 * Every key may be overridden by a JVM system property {@code bounceguard.<key>}. A bad value
 * fails James's start-up with a message naming the file, the key and what was expected.
 */
@Singleton
public class BounceguardSettings {
    static final String FILE = "bounceguard.properties";
    private static final Logger LOGGER = LoggerFactory.getLogger(BounceguardSettings.class);
    static final String SYSTEM_PROPERTY_PREFIX = "bounceguard.";

    private final Function<String, Optional<String>> source;

    @Inject
    public BounceguardSettings(PropertiesProvider propertiesProvider) {
        this(readFile(propertiesProvider));
    }

    /** {@code file} may be absent: every setting then has its default. */
    public BounceguardSettings(Optional<Configuration> file) {
        this.source = key -> {
            String override = System.getProperty(SYSTEM_PROPERTY_PREFIX + key);
            if (override != null) {
                return Optional.of(override.trim());
            }
            return file.map(configuration -> configuration.getList(String.class, key, List.of()))
                .filter(values -> !values.isEmpty())
                // commons-configuration splits on commas; the settings want the text back
                .map(values -> String.join(",", values).trim());
        };
    }

    private static Optional<Configuration> readFile(PropertiesProvider propertiesProvider) {
        try {
            return Optional.of(propertiesProvider.getConfiguration("bounceguard"));
        } catch (FileNotFoundException e) {
            LOGGER.info("No {} in James's configuration directory: Bounceguard uses its defaults", FILE);
            return Optional.empty();
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(FILE + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The DNS servers Bounceguard asks; empty means the system's resolvers. */
    public List<InetSocketAddress> dnsServers() {
        return servers("dns.servers");
    }

    public Optional<Duration> dnsQueryTimeout() {
        return duration("dns.queryTimeout");
    }

    /** The source-port pool of Bounceguard's UDP transport: {@code dns.udp.*} and {@code dns.0x20}. */
    public UdpTransportSettings udpTransport() {
        UdpTransportSettings defaults = UdpTransportSettings.DEFAULTS;
        long channels = number("dns.udp.channels").orElse((long) defaults.channels());
        if (channels > 256) {
            throw invalid("dns.udp.channels", String.valueOf(channels), "expected at most 256 sockets per DNS server");
        }
        return new UdpTransportSettings((int) channels,
            number("dns.udp.rotateAfterQueries").orElse(defaults.rotateAfterQueries()),
            duration("dns.udp.rotateEvery").orElse(defaults.rotateEvery()),
            bool("dns.0x20").orElse(defaults.mixedCaseNames()));
    }

    /** A dnsjava resolver for Bounceguard's own look-ups, from {@code dns.servers}, {@code dns.queryTimeout} and {@link #udpTransport}. */
    public Resolver resolver() {
        return DnsResolvers.of(dnsServers(), dnsQueryTimeout().orElse(Duration.ofSeconds(1)), udpTransport());
    }

    public NdrRateLimiter ndrRateLimiter() {
        NdrRateLimiter.Builder builder = NdrRateLimiter.builder();
        number("ndr.rateLimit.perAddress").ifPresent(value -> builder.perAddress(Math.toIntExact(value)));
        number("ndr.rateLimit.perDomain").ifPresent(value -> builder.perDomain(Math.toIntExact(value)));
        duration("ndr.rateLimit.window").ifPresent(builder::window);
        return builder.build();
    }

    DnsblEngine.Builder applyTo(DnsblEngine.Builder builder) {
        builder.servers(dnsServers());
        builder.udpTransport(udpTransport());
        dnsQueryTimeout().ifPresent(builder::queryTimeout);
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

    /** A raw setting, trimmed; empty when unset or blank. Never log secrets read through this. */
    public Optional<String> value(String key) {
        return source.apply(key).filter(value -> !value.isEmpty());
    }

    public Optional<Duration> duration(String key) {
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

    public Optional<Long> number(String key) {
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

    public Optional<Boolean> bool(String key) {
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
