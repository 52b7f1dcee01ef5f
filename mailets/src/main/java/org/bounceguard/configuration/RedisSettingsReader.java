package org.bounceguard.configuration;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.bounceguard.redis.RedisSettings;

import io.lettuce.core.RedisURI;

/**
 * {@code redis.*} (URL, timeouts, reconnect interval, back-off) into {@link RedisSettings}: the URL
 * may hold a password, so no message repeats the URL; or the password is in the owner-only file
 * {@code redis.passwordFile} names.
 */
final class RedisSettingsReader {
    private RedisSettingsReader() {
    }

    static Optional<RedisSettings> read(SettingsText text) {
        Optional<String> passwordFile = text.value("redis.passwordFile");
        if (passwordFile.isPresent() && text.value("redis.url").isEmpty()) {
            throw BounceguardSettings.invalid("redis.passwordFile", "names the password of a Redis, but redis.url names none");
        }
        return text.value("redis.url").map(url -> {
            RedisURI uri;
            try {
                uri = RedisSettings.parseUrl(url);
            } catch (IllegalArgumentException e) {
                throw BounceguardSettings.invalid("redis.url", e.getMessage());
            }
            passwordFile.ifPresent(file -> uri.setPassword(passwordFrom(uri, Path.of(file))));
            return new RedisSettings(uri,
                text.duration("redis.timeout").orElse(RedisSettings.DEFAULT_COMMAND_TIMEOUT),
                text.duration("redis.connectTimeout").orElse(RedisSettings.DEFAULT_CONNECT_TIMEOUT),
                text.duration("redis.reconnectInterval").orElse(RedisSettings.DEFAULT_RECONNECT_INTERVAL),
                text.duration("redis.backOff").orElse(RedisSettings.DEFAULT_BACK_OFF));
        });
    }

    private static char[] passwordFrom(RedisURI uri, Path file) {
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            throw BounceguardSettings.invalid("redis.url, redis.passwordFile", "both give a password; keep it in one of them");
        }
        List<String> entries = SecretFile.entries("redis.passwordFile", file);
        try {
            return SecretFile.onlyEntry(entries).toCharArray();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SecretFile.where("redis.passwordFile", file) + ": " + e.getMessage());
        }
    }
}
