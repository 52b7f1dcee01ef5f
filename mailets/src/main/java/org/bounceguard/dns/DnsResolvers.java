package org.bounceguard.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.xbill.DNS.ResolverConfig;

/**
 * The resolver Bounceguard asks: listed servers, or the system's when none are listed, read once as
 * dnsjava's {@code ResolverConfig} reads them (which falls back to 127.0.0.1:53 when the system
 * names none), all through {@link UdpResolver}, Bounceguard's own UDP transport.
 */
public final class DnsResolvers {
    private DnsResolvers() {
    }

    /** One try per server within {@code timeout}, in order: the callers have deadlines of their own. */
    public static UdpResolver of(List<InetSocketAddress> servers, Duration timeout) {
        return of(servers, timeout, UdpTransportSettings.DEFAULTS);
    }

    /** As {@link #of(List, Duration)}, with Bounceguard's UDP transport set up as {@code transport} says. */
    public static UdpResolver of(List<InetSocketAddress> servers, Duration timeout, UdpTransportSettings transport) {
        return new UdpResolver(servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : servers, timeout, transport);
    }
}
