package org.bounceguard.configuration;

import java.util.Optional;

import org.bounceguard.net.DomainNames;
import org.bounceguard.net.Values;
import org.bounceguard.srs.SrsCodec;
import org.bounceguard.srs.SrsKeys;

/**
 * {@code srs.*}: the domain rewritten senders get (empty: SRS is off), the secrets (never logged
 * or shown; the first signs, every one verifies) and how many days an address stays valid.
 */
public record SrsSettings(Optional<String> domain, Optional<SrsKeys> keys, int maxAgeDays) {

    static SrsSettings read(SettingsText text) {
        return new SrsSettings(
            text.value("srs.domain").map(value -> text.parse("srs.domain", value, SrsSettings::domainName)),
            text.secretOrFile("srs.keys", "srs.keysFile", entries -> String.join(",", entries), SrsKeys::parse),
            text.value("srs.maxAgeDays")
                .map(days -> text.parse("srs.maxAgeDays", days, value -> Values.wholeNumber(value, 1, SrsCodec.MAX_AGE_DAYS_LIMIT)))
                .orElse(SrsCodec.DEFAULT_MAX_AGE_DAYS));
    }

    /** Whether SRS is configured: {@code srs.domain} is set. */
    public boolean enabled() {
        return domain.isPresent();
    }

    /** The codec, for the SRS mailets and hook: without a domain and keys James's start-up stops, saying what to write. */
    public SrsCodec requiredCodec() {
        String srsDomain = domain.orElseThrow(() -> BounceguardSettings.required("srs.domain",
            "by the SRS mailets and hook: the domain rewritten senders get, e.g. srs.domain=srs.example.org"));
        SrsKeys srsKeys = keys.orElseThrow(() -> BounceguardSettings.required("srs.keys",
            "by the SRS mailets and hook: e.g. srs.keys=<at least 16 random characters>"));
        return new SrsCodec(srsKeys, srsDomain, maxAgeDays);
    }

    private static String domainName(String value) {
        String folded = DomainNames.fold(value);
        if (!DomainNames.isValid(folded)) {
            throw new IllegalArgumentException("expected a domain name, e.g. srs.example.org");
        }
        return folded;
    }

    @Override
    public String toString() {
        return "SrsSettings[domain=" + domain.orElse("(unset)") + ", keys=" + (keys.isPresent() ? "(set)" : "(unset)")
            + ", maxAgeDays=" + maxAgeDays + "]";
    }
}
