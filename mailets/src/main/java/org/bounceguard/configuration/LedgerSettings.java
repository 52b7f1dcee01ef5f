package org.bounceguard.configuration;

import java.util.Locale;
import java.util.Optional;

import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;

/**
 * {@code ledger.*}: whether the outbound ledger is on, its key (from {@code ledger.secret} or the
 * file {@code ledger.secretFile} names; never logged or shown), its store by name and how long and how much it keeps.
 */
public record LedgerSettings(boolean enabled, Optional<LedgerKey> key, String store, LedgerPolicy policy) {
    static LedgerSettings read(SettingsText text) {
        LedgerPolicy policy;
        try {
            policy = LedgerPolicy.parse(text.value("ledger.retentionDays").orElse(""), text.value("ledger.maxEntries").orElse(""));
        } catch (IllegalArgumentException e) {
            throw BounceguardSettings.invalid("ledger.retentionDays, ledger.maxEntries", e.getMessage());
        }
        return new LedgerSettings(
            text.bool("ledger.enabled").orElse(false),
            text.secretOrFile("ledger.secret", "ledger.secretFile", SecretFile::onlyEntry, LedgerKey::fromSecret),
            text.value("ledger.store").orElse("memory").toLowerCase(Locale.ROOT),
            policy);
    }

    /** The key, for whatever uses the ledger: without it James's start-up stops, saying what to write. */
    public LedgerKey requiredKey() {
        return key.orElseThrow(() -> BounceguardSettings.required("ledger.secret",
            "by the outbound ledger (RecordOutbound, ledger.enabled): "
                + "at least " + LedgerKey.MIN_SECRET_BYTES + " random characters, the same on every node, or a file holding them named in ledger.secretFile"));
    }

    @Override
    public String toString() {
        return "LedgerSettings[enabled=" + enabled + ", key=" + (key.isPresent() ? "(set)" : "(unset)") + ", store=" + store + ", policy=" + policy + "]";
    }
}
