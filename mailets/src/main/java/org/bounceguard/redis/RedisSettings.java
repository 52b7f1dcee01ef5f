package org.bounceguard.redis;

import java.time.Duration;
import java.util.Objects;

import io.lettuce.core.RedisURI;

/**
 * Where the shared stores live and how long Bounceguard waits for them.
 *
 * @param uri               {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...} for TLS
 * @param commandTimeout    longest wait for one decision or look-up; past it the caller falls back
 * @param connectTimeout    longest wait for a connection to open, its handshake (HELLO, AUTH, SELECT) included
 * @param reconnectInterval how often a lost or never made connection is tried again
 * @param backOff           after a call times out, how long no call is sent (each fails at once) before one is tried again
 */
public record RedisSettings(RedisURI uri, Duration commandTimeout, Duration connectTimeout, Duration reconnectInterval, Duration backOff) {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(5);

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
        Objects.requireNonNull(backOff, "backOff");
    }

    public RedisSettings(RedisURI uri, Duration commandTimeout, Duration connectTimeout, Duration reconnectInterval) {
        this(uri, commandTimeout, connectTimeout, reconnectInterval, DEFAULT_BACK_OFF);
    }

    /**
     * Parses {@code redis.url}. The message of a failure never repeats the text, which may hold a password.
     *
     * @throws IllegalArgumentException if it is not a redis:// or rediss:// URL with a host
     */
    public static RedisURI parseUrl(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!trimmed.startsWith("redis://") && !trimmed.startsWith("rediss://")) {
            throw new IllegalArgumentException("expected redis://[:password@]host:port[/database] or rediss://... for TLS");
        }
        try {
            RedisURI uri = RedisURI.create(trimmed);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException("the URL names no host");
            }
            return uri;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URL (expected redis://[:password@]host:port[/database]"
                + " or rediss://... for TLS)");
        }
    }

    /** The server as operators may see it in logs and JMX: scheme, host, port and database, never credentials. */
    public String describe() {
        return describe(uri);
    }

    public static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase()
            + (uri.getPassword() != null && uri.getPassword().length > 0 ? " (with password)" : "");
    }

    @Override
    public String toString() {
        return "RedisSettings[" + describe() + ", commandTimeout=" + commandTimeout + ", connectTimeout=" + connectTimeout
            + ", reconnectInterval=" + reconnectInterval + ", backOff=" + backOff + "]";
    }
}
