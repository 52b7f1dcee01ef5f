package org.bounceguard.configuration;

import java.util.Locale;

import org.bounceguard.storm.StormPolicy;

/**
 * {@code storm.*}: how many unproven bounces to one recipient within a window put it into storm mode,
 * for how long, and the store the counts and storm modes are kept in, by name ({@code memory}:
 * this node; {@code redis}: every node sharing {@code redis.url}).
 */
public record StormSettings(StormPolicy policy, String store) {
    static StormSettings read(SettingsText text) {
        StormPolicy defaults = StormPolicy.DEFAULT;
        return new StormSettings(new StormPolicy(
                text.positiveInt("storm.threshold").orElse(defaults.threshold()),
                text.duration("storm.window").orElse(defaults.window()),
                text.duration("storm.duration").orElse(defaults.duration())),
            text.value("storm.store").orElse("memory").toLowerCase(Locale.ROOT));
    }
}
