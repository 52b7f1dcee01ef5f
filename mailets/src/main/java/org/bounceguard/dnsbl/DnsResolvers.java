package org.bounceguard.dnsbl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;

/**
 * The resolver Bounceguard asks: listed servers, or the system's when none are listed. Both go
 * through {@link UdpResolver}, Bounceguard's own UDP transport (the system's servers are read once,
 * as dnsjava's {@code ExtendedResolver()} does); dnsjava's resolver remains only for a system
 * without any configured server.
 */
public final class DnsResolvers {
    private DnsResolvers() {
    }

    /**
     * One try per server within {@code timeout}, in order: the callers have deadlines of their own.
     * The result is {@link AutoCloseable} when it holds channels and threads of its own.
     */
    public static Resolver of(List<InetSocketAddress> servers, Duration timeout) {
        return of(servers, timeout, UdpTransportSettings.DEFAULTS);
    }

    /** As {@link #of(List, Duration)}, with Bounceguard's UDP transport set up as {@code transport} says. */
    public static Resolver of(List<InetSocketAddress> servers, Duration timeout, UdpTransportSettings transport) {
        List<InetSocketAddress> asked = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : servers;
        if (!asked.isEmpty()) {
            return new UdpResolver(asked, timeout, transport);
        }
        ExtendedResolver resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return resolver;
    }
}
