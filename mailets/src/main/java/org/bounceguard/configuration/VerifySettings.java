package org.bounceguard.configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bounceguard.net.DomainNames;
import org.bounceguard.verify.Backend;
import org.bounceguard.verify.VerificationPolicy;

/**
 * {@code verify.*}: recipient verification for relayed domains - which backend each domain is
 * delivered to ({@code verify.domains=relayed.example=10.0.0.5:25, ...}), how long answers are
 * remembered, the probe's timeout, sender and HELO name, the accept-all test period, the breaker,
 * the per-client probe allowance, {@code failOpen}, and where answers are kept ({@code memory} or
 * {@code redis}; unset: {@code redis} when {@code redis.url} is set). No domain: nothing is verified.
 */
public record VerifySettings(VerificationPolicy policy, String store) {
    public static final String MEMORY_STORE = "memory";
    public static final String REDIS_STORE = "redis";

    static VerifySettings read(SettingsText text) {
        VerificationPolicy defaults = VerificationPolicy.none();
        Map<String, Backend> domains = new LinkedHashMap<>();
        for (String item : text.list("verify.domains").orElse(List.of())) {
            int equals = item.indexOf('=');
            String domain = equals < 0 ? "" : DomainNames.fold(item.substring(0, equals));
            if (equals < 0 || !DomainNames.isValid(domain)) {
                throw BounceguardSettings.invalid("verify.domains", item, "expected domain=host:port, e.g. relayed.example=10.0.0.5:25");
            }
            Backend backend = text.parse("verify.domains", item, value -> Backend.parse(value.substring(equals + 1)));
            if (domains.put(domain, backend) != null) {
                throw BounceguardSettings.invalid("verify.domains", item, "the domain " + domain + " is named twice");
            }
        }
        Optional<String> probeSender = text.value("verify.probeSender")
            .map(sender -> text.parse("verify.probeSender", sender, VerifySettings::probeSender))
            .filter(sender -> !sender.isEmpty());
        String heloName = text.value("verify.heloName")
            .map(name -> text.parse("verify.heloName", name, VerifySettings::heloName))
            .orElse(defaults.heloName());
        VerificationPolicy policy = new VerificationPolicy(domains,
            text.duration("verify.cache.positiveTtl").orElse(defaults.positiveTtl()),
            text.duration("verify.cache.negativeTtl").orElse(defaults.negativeTtl()),
            text.duration("verify.timeout").orElse(defaults.timeout()),
            probeSender,
            heloName,
            text.duration("verify.acceptAll.period").orElse(defaults.acceptAllPeriod()),
            text.positiveInt("verify.breaker.failures").orElse(defaults.breakerFailures()),
            text.duration("verify.breaker.openFor").orElse(defaults.breakerOpenFor()),
            text.positiveInt("verify.perClient.probes").orElse(defaults.probesPerClient()),
            text.duration("verify.perClient.window").orElse(defaults.probesPerClientWindow()),
            text.number("verify.cache.maximumSize").orElse(defaults.cacheMaximumSize()),
            text.bool("verify.failOpen").orElse(false));
        // a cluster shares what its nodes verified unless told otherwise
        String defaultStore = text.value("redis.url").isPresent() ? REDIS_STORE : MEMORY_STORE;
        return new VerifySettings(policy, text.value("verify.store").orElse(defaultStore));
    }

    /** {@code <>} (the null sender, the default) or an address: written into {@code MAIL FROM:<...>}, so nothing that could end the command. */
    private static String probeSender(String text) {
        String sender = text.equals("<>") ? "" : text;
        if (!sender.isEmpty() && (sender.indexOf('@') < 1 || sender.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == '<' || c == '>'))) {
            throw new IllegalArgumentException("expected <> (the null sender) or an address such as verify@example.org");
        }
        return sender;
    }

    private static String heloName(String text) {
        if (!DomainNames.isHostName(DomainNames.fold(text))) {
            throw new IllegalArgumentException("expected this server's host name, e.g. mx.example.org");
        }
        return DomainNames.fold(text);
    }

    public boolean enabled() {
        return !policy.domains().isEmpty();
    }
}
