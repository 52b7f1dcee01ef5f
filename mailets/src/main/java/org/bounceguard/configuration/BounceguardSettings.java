package org.bounceguard.configuration;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Provider;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.net.Values;
import org.bounceguard.redis.RedisSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.ProvisionException;

/**
 * The server-wide settings of {@code conf/bounceguard.properties}, parsed once per James server
 * into one immutable record per capability. Every key but a secret may be overridden by a JVM
 * system property {@code bounceguard.<key>}. A bad value, or a key that is not a setting (a typo such as
 * {@code dnsbl.dedline}), fails James's start-up with a message naming the file or property, the
 * key and what was expected. A required setting that is missing (a secret) fails only when the
 * capability that needs it is used.
 */
public record BounceguardSettings(DnsSettings dns, DnsblSettings dnsbl, BatvSettings batv, BackscatterSettings backscatter,
                                  LedgerSettings ledger, NdrSettings ndr, Optional<RedisSettings> redis, StormSettings storm,
                                  UnroutableSenderSettings unroutableSender, VerifySettings verify,
                                  SrsSettings srs) {
    public static final String FILE = "bounceguard.properties";
    static final String SYSTEM_PROPERTY_PREFIX = "bounceguard.";
    private static final Logger LOGGER = LoggerFactory.getLogger(BounceguardSettings.class);

    /** Every setting there is; a new one is added here, in its record, in the README's table and in conf/. */
    public static final Set<String> KEYS = ImmutableSet.of(
        "dns.servers", "dns.queryTimeout", "dns.udp.channels", "dns.udp.rotateAfterQueries", "dns.udp.rotateEvery", "dns.0x20",
        "dnsbl.deadline", "dnsbl.cache.maximumSize", "dnsbl.cache.minTtl", "dnsbl.cache.maxTtl", "dnsbl.cache.negativeTtl",
        "dnsbl.health.interval", "dnsbl.health.refusalsToDisable", "dnsbl.skip.private", "dnsbl.skip.loopback",
        "dnsbl.trustedNetworks", "dnsbl.txt", "dnsbl.keys", "dnsbl.keysFile",
        "batv.keys", "batv.keysFile", "batv.validityDays", "batv.domains",
        "backscatter.ownRelays", "backscatter.evidence",
        "ledger.enabled", "ledger.secret", "ledger.secretFile", "ledger.store", "ledger.retentionDays", "ledger.maxEntries",
        "ndr.rateLimit.perAddress", "ndr.rateLimit.perDomain", "ndr.rateLimit.window", "ndr.rateLimit.store", "ndr.paths.strict",
        "redis.url", "redis.passwordFile", "redis.timeout", "redis.connectTimeout", "redis.reconnectInterval", "redis.backOff",
        "storm.threshold", "storm.window", "storm.duration", "storm.store",
        "unroutableSender.enabled", "unroutableSender.unknownDomainCode",
        "verify.domains", "verify.cache.positiveTtl", "verify.cache.negativeTtl", "verify.cache.maximumSize", "verify.timeout",
        "verify.probeSender", "verify.heloName", "verify.acceptAll.period", "verify.breaker.failures", "verify.breaker.openFor",
        "verify.perClient.probes", "verify.perClient.window", "verify.failOpen", "verify.store",
        "srs.domain", "srs.keys", "srs.keysFile", "srs.maxAgeDays");

    /** The settings that hold secrets, each with the setting naming a file that may hold it instead. */
    static final Map<String, String> SECRET_FILES = ImmutableMap.of(
        "dnsbl.keys", "dnsbl.keysFile", "batv.keys", "batv.keysFile", "ledger.secret", "ledger.secretFile",
        "srs.keys", "srs.keysFile");

    /** {@code file} may be absent: every setting then has its default; {@code bounceguard.*} system properties override it. */
    public static BounceguardSettings of(Optional<Configuration> file) {
        return of(file, System.getProperties());
    }

    static BounceguardSettings of(Optional<Configuration> file, Properties systemProperties) {
        file.ifPresent(configuration -> configuration.getKeys().forEachRemaining(key -> requireKnown(key, FILE, "")));
        overrides(systemProperties).forEach(key -> requireKnown(key, "system property " + SYSTEM_PROPERTY_PREFIX + key, SYSTEM_PROPERTY_PREFIX));
        refuseSecretsIn(systemProperties);
        SettingsText text = new SettingsText(key -> {
            String override = systemProperties.getProperty(SYSTEM_PROPERTY_PREFIX + key);
            if (override != null) {
                return Optional.of(override.trim());
            }
            return file.map(configuration -> configuration.getList(String.class, key, List.of()))
                .filter(values -> !values.isEmpty())
                // commons-configuration splits on commas; the settings want the text back
                .map(values -> String.join(",", values).trim());
        });
        return new BounceguardSettings(DnsSettings.read(text), DnsblSettings.read(text), BatvSettings.read(text),
            BackscatterSettings.read(text), LedgerSettings.read(text), NdrSettings.read(text), RedisSettingsReader.read(text),
            StormSettings.read(text),
            UnroutableSenderSettings.read(text),
            VerifySettings.read(text),
            SrsSettings.read(text));
    }

    /** Reads {@code conf/bounceguard.properties} through James; without the file every setting has its default. */
    public static BounceguardSettings read(PropertiesProvider propertiesProvider) {
        try {
            return of(Optional.of(propertiesProvider.getConfiguration("bounceguard")));
        } catch (FileNotFoundException e) {
            LOGGER.info("No {} in James's configuration directory: Bounceguard uses its defaults", FILE);
            return of(Optional.empty());
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(FILE + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A DNSBL engine builder carrying the {@code dns.*} and {@code dnsbl.*} settings. */
    public DnsblEngine.Builder applyTo(DnsblEngine.Builder builder) {
        return dnsbl.applyTo(dns.applyTo(builder));
    }

    /**
     * No secret is taken from a system property: the JVM shows them to every JMX client
     * ({@code java.lang:type=Runtime}, attribute {@code SystemProperties}) and {@code ps} shows the
     * command line that set them. The refusal names the property, never its value.
     */
    private static void refuseSecretsIn(Properties systemProperties) {
        SECRET_FILES.forEach((secret, file) -> {
            if (systemProperties.getProperty(SYSTEM_PROPERTY_PREFIX + secret) != null) {
                throw new IllegalArgumentException("system property " + SYSTEM_PROPERTY_PREFIX + secret + ": secrets are not taken from"
                    + " system properties, which the JVM shows over JMX and ps on its command line; set " + secret + " in " + FILE
                    + " or name a file only James's user may read in " + file);
            }
        });
        String redisUrl = systemProperties.getProperty(SYSTEM_PROPERTY_PREFIX + "redis.url");
        if (redisUrl != null && redisUrl.contains("@")) {
            throw new IllegalArgumentException("system property " + SYSTEM_PROPERTY_PREFIX + "redis.url holds credentials: secrets are not"
                + " taken from system properties, which the JVM shows over JMX and ps on its command line; set redis.url in " + FILE
                + " or the password in a file only James's user may read, named in redis.passwordFile");
        }
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

    /** An error naming the file, the key and the value - never use it for a secret's value. */
    public static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(FILE + ": " + key + " = '" + value + "': " + expected);
    }

    /** A required setting is missing: {@code why} says who needs it and what to write. */
    public static IllegalArgumentException required(String key, String why) {
        return new IllegalArgumentException(FILE + ": " + key + " is required " + why);
    }

    /** An error naming the file and the key only: for secrets, whose value must never be shown. */
    public static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(FILE + ": " + key + ": " + problem);
    }

    /**
     * The implementation bound under the name a setting gives, created now; a name nothing is
     * bound under is refused naming the nearest bound one and every choice.
     */
    public static <T> T choose(String key, String name, Map<String, Provider<T>> bound) {
        Provider<T> chosen = bound.get(name);
        if (chosen == null) {
            throw invalid(key, name, "nothing is bound under this name"
                + Values.nearest(name, bound.keySet()).map(near -> " (did you mean " + near + "?)").orElse("")
                + "; expected one of " + String.join(", ", new TreeSet<>(bound.keySet())));
        }
        try {
            return chosen.get();
        } catch (ProvisionException e) {
            // the chosen one's own refusal, without Guice's wrapping
            throw e.getCause() instanceof IllegalArgumentException refusal ? refusal : e;
        }
    }
}
