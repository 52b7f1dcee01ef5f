package org.bounceguard.configuration;

import java.util.Optional;

import org.bounceguard.redis.RedisSettings;

import io.lettuce.core.RedisURI;

/** {@code redis.*} (URL, timeouts, reconnect interval, back-off) into {@link RedisSettings}: the URL may hold a password, so no message repeats the URL. */
final class RedisSettingsReader {
    private RedisSettingsReader() {
    }

    static Optional<RedisSettings> read(SettingsText text) {
        return text.value("redis.url").map(url -> {
            RedisURI uri;
            try {
                uri = RedisSettings.parseUrl(url);
            } catch (IllegalArgumentException e) {
                throw BounceguardSettings.invalid("redis.url", e.getMessage());
            }
            return new RedisSettings(uri,
                text.duration("redis.timeout").orElse(RedisSettings.DEFAULT_COMMAND_TIMEOUT),
                text.duration("redis.connectTimeout").orElse(RedisSettings.DEFAULT_CONNECT_TIMEOUT),
                text.duration("redis.reconnectInterval").orElse(RedisSettings.DEFAULT_RECONNECT_INTERVAL),
                text.duration("redis.backOff").orElse(RedisSettings.DEFAULT_BACK_OFF));
        });
    }
}
