package org.bounceguard.james;

import java.io.FileNotFoundException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.bounceguard.dns.DnsResolvers;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneKeys;
import org.bounceguard.redis.RedisSettings;
import org.bounceguard.dns.UdpTransportSettings;
import org.bounceguard.net.Values;
import org.bounceguard.suppression.NdrRateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Resolver;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.HostAndPort;

import io.lettuce.core.RedisURI;

/**
 * The server-wide settings of {@code conf/bounceguard.properties}, read once per James server.
 * Every key may be overridden by a JVM system property {@code bounceguard.<key>}. A bad value, or
 * a key that is not a setting (a typo such as {@code dnsbl.dedline}), fails James's start-up with
 * a message naming the file or property, the key and what was expected.
 */
@Singleton
public class BounceguardSettings {
    static final String FILE = "bounceguard.properties";
    static final String SYSTEM_PROPERTY_PREFIX = "bounceguard.";
    private static final Logger LOGGER = LoggerFactory.getLogger(BounceguardSettings.class);

    /** Every setting there is; a new one is added here, in the README's table and in conf/. */
    public static final Set<String> KEYS = ImmutableSet.of(
        "dns.servers", "dns.queryTimeout", "dns.udp.channels", "dns.udp.rotateAfterQueries", "dns.udp.rotateEvery", "dns.0x20",
        "dnsbl.deadline", "dnsbl.cache.maximumSize", "dnsbl.cache.minTtl", "dnsbl.cache.maxTtl", "dnsbl.cache.negativeTtl",
        "dnsbl.health.interval", "dnsbl.health.refusalsToDisable", "dnsbl.skip.private", "dnsbl.skip.loopback",
        "dnsbl.trustedNetworks", "dnsbl.txt", "dnsbl.keys", "dnsbl.keysFile",
        "batv.keys", "batv.validityDays", "batv.domains",
        "backscatter.ownRelays", "backscatter.evidence",
        "ledger.enabled", "ledger.secret", "ledger.store", "ledger.retentionDays", "ledger.maxEntries",
        "ndr.rateLimit.perAddress", "ndr.rateLimit.perDomain", "ndr.rateLimit.window", "ndr.rateLimit.store", "ndr.paths.strict",
        "redis.url", "redis.timeout", "redis.connectTimeout", "redis.reconnectInterval", "redis.backOff");

    private final Function<String, Optional<String>> source;

    @Inject
    public BounceguardSettings(PropertiesProvider propertiesProvider) {
        this(readFile(propertiesProvider));
    }

    /** {@code file} may be absent: every setting then has its default. */
    public BounceguardSettings(Optional<Configuration> file) {
        this(file, System.getProperties());
    }

    BounceguardSettings(Optional<Configuration> file, Properties systemProperties) {
        file.ifPresent(configuration -> configuration.getKeys().forEachRemaining(key -> requireKnown(key, FILE, "")));
        overrides(systemProperties).forEach(key -> requireKnown(key, "system property " + SYSTEM_PROPERTY_PREFIX + key, SYSTEM_PROPERTY_PREFIX));
        if (systemProperties.getProperty(SYSTEM_PROPERTY_PREFIX + "dnsbl.keys") != null) {
            // the JVM shows its system properties over JMX (java.lang:type=Runtime)
            throw new IllegalArgumentException("system property " + SYSTEM_PROPERTY_PREFIX + "dnsbl.keys: keys are not taken from"
                + " system properties, which the JVM shows over JMX; set dnsbl.keys in " + FILE + " or name a file in dnsbl.keysFile");
        }
        this.source = key -> {
            String override = systemProperties.getProperty(SYSTEM_PROPERTY_PREFIX + key);
            if (override != null) {
                return Optional.of(override.trim());
            }
            return file.map(configuration -> configuration.getList(String.class, key, List.of()))
                .filter(values -> !values.isEmpty())
                // commons-configuration splits on commas; the settings want the text back
                .map(values -> String.join(",", values).trim());
        };
    }

    /**
     * The {@code bounceguard.*} system properties that are settings overrides: those in a settings
     * section ({@code dns.}, {@code dnsbl.}, ...) or whose section is a typo of one. Other
     * {@code bounceguard.*} properties (a test harness's directories, say) are not settings.
     */
    private static List<String> overrides(Properties systemProperties) {
        Set<String> sections = KEYS.stream().map(BounceguardSettings::section).collect(ImmutableSet.toImmutableSet());
        List<String> overrides = new ArrayList<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
                String key = name.substring(SYSTEM_PROPERTY_PREFIX.length());
                String section = section(key);
                if (sections.contains(section) || Values.nearest(section, sections).filter(near -> section.length() > 2).isPresent()
                    || settingWithoutSection(key).isPresent()) {
                    overrides.add(key);
                }
            }
        }
        return overrides;
    }

    /** The setting a key names without its section ({@code deadline} for {@code dnsbl.deadline}), if one does. */
    private static Optional<String> settingWithoutSection(String key) {
        Map<String, String> byName = new LinkedHashMap<>();
        KEYS.forEach(known -> byName.putIfAbsent(known.substring(known.indexOf('.') + 1), known));
        return Values.nearest(key, byName.keySet()).filter(near -> key.length() > 2).map(byName::get);
    }

    private static String section(String key) {
        int dot = key.indexOf('.');
        return (dot < 0 ? key : key.substring(0, dot)).toLowerCase(Locale.ROOT);
    }

    private static void requireKnown(String key, String where, String prefix) {
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException(where + ": '" + key + "' is not a Bounceguard setting"
                + Values.nearest(key, KEYS).or(() -> settingWithoutSection(key)).map(near -> "; did you mean " + prefix + near + "?").orElse("")
                + " (settings: " + FILE + " in the README)");
        }
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

    /**
     * The shared Redis ({@code redis.url}, {@code redis.timeout}, {@code redis.connectTimeout},
     * {@code redis.reconnectInterval}, {@code redis.backOff}); empty when {@code redis.url} is unset. The URL may hold a
     * password: no message repeats it.
     */
    public Optional<RedisSettings> redis() {
        return value("redis.url").map(url -> {
            RedisURI uri;
            try {
                uri = RedisSettings.parseUrl(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(FILE + ": redis.url: " + e.getMessage());
            }
            return new RedisSettings(uri,
                duration("redis.timeout").orElse(RedisSettings.DEFAULT_COMMAND_TIMEOUT),
                duration("redis.connectTimeout").orElse(RedisSettings.DEFAULT_CONNECT_TIMEOUT),
                duration("redis.reconnectInterval").orElse(RedisSettings.DEFAULT_RECONNECT_INTERVAL),
                duration("redis.backOff").orElse(RedisSettings.DEFAULT_BACK_OFF));
        });
    }

    /**
     * The keys zone specs name as {@code {name}} ({@code dnsbl.keys = name:KEY, ...}, and the
     * {@code name:KEY} lines of the file {@code dnsbl.keysFile} names, which must be readable by
     * its owner alone). No message repeats a key.
     */
    public ZoneKeys zoneKeys() {
        ZoneKeys keys;
        try {
            keys = ZoneKeys.parse(value("dnsbl.keys").orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FILE + ": dnsbl.keys: " + e.getMessage());
        }
        Optional<String> file = value("dnsbl.keysFile");
        if (file.isEmpty()) {
            return keys;
        }
        Path path = Path.of(file.get());
        String where = FILE + ": dnsbl.keysFile: " + path;
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException(where + " can be read by others than its owner; chmod 600 it, owned by the user James runs as");
            }
        } catch (UnsupportedOperationException e) {
            LOGGER.warn("{}: cannot check who may read it on this file system", where);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            String entries = Files.readAllLines(path).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(java.util.stream.Collectors.joining(","));
            return keys.and(ZoneKeys.parse(entries));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(where + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** Where NDR quotas are kept: {@code memory} (this node, the default) or {@code redis} (every node). */
    public String ndrRateLimitStore() {
        String store = value("ndr.rateLimit.store").orElse("memory").toLowerCase(java.util.Locale.ROOT);
        if (!store.equals("memory") && !store.equals("redis")) {
            throw invalid("ndr.rateLimit.store", store, "expected memory (this node) or redis (shared by every node, needs redis.url)");
        }
        return store;
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
        list("dnsbl.trustedNetworks").ifPresent(networks -> parse("dnsbl.trustedNetworks", String.join(",", networks), text -> {
            builder.trustedNetworks(networks);
            return networks;
        }));
        bool("dnsbl.txt").ifPresent(builder::fetchTxt);
        return builder;
    }

    /** A raw setting, trimmed; empty when unset or blank. Never log secrets read through this. */
    public Optional<String> value(String key) {
        if (!KEYS.contains(key)) {
            throw new IllegalStateException("'" + key + "' is not declared in BounceguardSettings.KEYS");
        }
        return source.apply(key).filter(value -> !value.isEmpty());
    }

    /** A positive duration such as {@code 500ms}, {@code 2s}, {@code 5m}. */
    public Optional<Duration> duration(String key) {
        return value(key).map(text -> parse(key, text, Values::positiveDuration));
    }

    private Optional<Duration> durationOrZero(String key) {
        return value(key).map(text -> parse(key, text, Values::duration));
    }

    /** A positive whole number. */
    public Optional<Long> number(String key) {
        return value(key).map(text -> parse(key, text, Values::positive));
    }

    public Optional<Boolean> bool(String key) {
        return value(key).map(text -> parse(key, text, Values::bool));
    }

    /** Items separated by commas and/or white space. */
    public Optional<List<String>> list(String key) {
        return value(key).map(Values::list);
    }

    /** Applies {@code parser} to a setting's text; its {@link IllegalArgumentException} comes back naming the file and key. */
    public <T> T parse(String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(key, text, e.getMessage());
        }
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

    /** An error naming the file, the key and the value - never use it for a secret's value. */
    public IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(FILE + ": " + key + " = '" + value + "': " + expected);
    }

    /** A required setting is missing: {@code why} says who needs it and what to write. */
    public IllegalArgumentException required(String key, String why) {
        return new IllegalArgumentException(FILE + ": " + key + " is required " + why);
    }

    /** An error naming the file and the key only: for secrets, whose value must never be shown. */
    public IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(FILE + ": " + key + ": " + problem);
    }
}
