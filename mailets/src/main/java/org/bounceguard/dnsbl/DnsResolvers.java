package org.bounceguard.dnsbl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/** The dnsjava resolver Bounceguard asks: listed servers, or the system's when none are listed. */
public final class DnsResolvers {
    private DnsResolvers() {
    }

    /** One try per server within {@code timeout}: the callers have deadlines of their own. */
    public static Resolver of(List<InetSocketAddress> servers, Duration timeout) {
        ExtendedResolver resolver = servers.isEmpty()
            ? new ExtendedResolver()
            : new ExtendedResolver(servers.stream().<Resolver>map(SimpleResolver::new).toList());
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return resolver;
    }
}
