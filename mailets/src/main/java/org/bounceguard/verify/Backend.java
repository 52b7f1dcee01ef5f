package org.bounceguard.verify;

import java.util.Locale;

import com.google.common.net.HostAndPort;

/** The SMTP server a relayed domain is delivered to, and therefore the one that knows its users. */
public record Backend(String host, int port) {
    public static final int DEFAULT_PORT = 25;

    public Backend {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a backend needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1 to 65535");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /** {@code host}, {@code host:port} or {@code [ipv6]:port}; port 25 when left out. */
    public static Backend parse(String text) {
        HostAndPort parsed;
        try {
            parsed = HostAndPort.fromString(text.trim()).withDefaultPort(DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not host or host:port");
        }
        if (parsed.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not host or host:port");
        }
        return new Backend(parsed.getHost(), parsed.getPort());
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
