package org.bounceguard.configuration;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bounceguard.backscatter.batv.BatvKeys;
import org.bounceguard.backscatter.batv.BatvTag;
import org.bounceguard.net.DomainNames;
import org.bounceguard.net.Values;

import com.google.common.collect.ImmutableSet;

/**
 * {@code batv.*}: the keys (never logged or shown; in {@code batv.keys} or, one a line, in the file
 * {@code batv.keysFile} names), how many days a tag stays valid, and which
 * domains sign (empty: every local domain).
 */
public record BatvSettings(Optional<BatvKeys> keys, int validityDays, Set<String> domains) {
    public BatvSettings {
        domains = Set.copyOf(domains);
    }

    static BatvSettings read(SettingsText text) {
        return new BatvSettings(
            text.secretOrFile("batv.keys", "batv.keysFile", entries -> String.join(",", entries), BatvKeys::parse),
            text.value("batv.validityDays")
                .map(days -> text.parse("batv.validityDays", days, value -> Values.wholeNumber(value, 1, BatvTag.MAX_VALIDITY_DAYS)))
                .orElse(BatvTag.DEFAULT_VALIDITY_DAYS),
            text.list("batv.domains").orElse(List.of()).stream().map(DomainNames::fold).collect(ImmutableSet.toImmutableSet()));
    }

    /** The keys, for a BATV mailet, matcher or hook: without them James's start-up stops, saying what to write. */
    public BatvKeys requiredKeys() {
        return keys.orElseThrow(() -> BounceguardSettings.required("batv.keys",
            "by the BATV mailets and hooks: e.g. batv.keys=1:<at least 16 random characters>, or a file of such lines named in batv.keysFile"));
    }

    @Override
    public String toString() {
        return "BatvSettings[keys=" + (keys.isPresent() ? "(set)" : "(unset)") + ", validityDays=" + validityDays + ", domains=" + domains + "]";
    }
}
