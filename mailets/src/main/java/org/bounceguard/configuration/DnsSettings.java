package org.bounceguard.configuration;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bounceguard.dns.DnsResolvers;
import org.bounceguard.dns.UdpTransportSettings;
import org.bounceguard.dnsbl.DnsblEngine;
import org.xbill.DNS.Resolver;

/**
 * {@code dns.*}: the DNS servers Bounceguard asks (empty: the system's resolvers), the query
 * timeout and the source-port pool of its UDP transport.
 */
public record DnsSettings(List<InetSocketAddress> servers, Optional<Duration> queryTimeout, UdpTransportSettings udpTransport) {
    static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(1);

    public DnsSettings {
        servers = List.copyOf(servers);
    }

    static DnsSettings read(SettingsText text) {
        UdpTransportSettings defaults = UdpTransportSettings.DEFAULTS;
        long channels = text.number("dns.udp.channels").orElse((long) defaults.channels());
        if (channels > 256) {
            throw BounceguardSettings.invalid("dns.udp.channels", String.valueOf(channels), "expected at most 256 sockets per DNS server");
        }
        UdpTransportSettings udp = new UdpTransportSettings((int) channels,
            text.number("dns.udp.rotateAfterQueries").orElse(defaults.rotateAfterQueries()),
            text.duration("dns.udp.rotateEvery").orElse(defaults.rotateEvery()),
            text.bool("dns.0x20").orElse(defaults.mixedCaseNames()));
        return new DnsSettings(text.servers("dns.servers"), text.duration("dns.queryTimeout"), udp);
    }

    /** The query timeout, one second when unset. */
    public Duration queryTimeoutOrDefault() {
        return queryTimeout.orElse(DEFAULT_QUERY_TIMEOUT);
    }

    /** A dnsjava resolver for Bounceguard's own look-ups. */
    public Resolver resolver() {
        return DnsResolvers.of(servers, queryTimeoutOrDefault(), udpTransport);
    }

    DnsblEngine.Builder applyTo(DnsblEngine.Builder builder) {
        builder.servers(servers);
        builder.udpTransport(udpTransport);
        queryTimeout.ifPresent(builder::queryTimeout);
        return builder;
    }
}
