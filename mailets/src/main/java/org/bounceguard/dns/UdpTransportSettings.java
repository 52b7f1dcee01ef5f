package org.bounceguard.dns;

import java.time.Duration;

/**
 * How {@link UdpResolver} spreads its queries over source ports (RFC 5452): each server gets a pool
 * of {@code channels} sockets on random ephemeral ports, shared by many queries; a socket is
 * replaced after {@code rotateAfterQueries} queries or once it is {@code rotateEvery} old, so a
 * spoofer who learns a port can use it only briefly. With {@code mixedCaseNames} the letters of
 * every query name are sent in random case and the answer must echo that case
 * (draft-vixie-dnsext-dns0x20); off by default because a few servers lowercase the question.
 */
public record UdpTransportSettings(int channels, long rotateAfterQueries, Duration rotateEvery, boolean mixedCaseNames) {
    public static final UdpTransportSettings DEFAULTS = new UdpTransportSettings(4, 1_000, Duration.ofMinutes(1), false);

    public UdpTransportSettings {
        if (channels < 1 || channels > 256) {
            throw new IllegalArgumentException("channels must be between 1 and 256, got " + channels);
        }
        if (rotateAfterQueries < 1) {
            throw new IllegalArgumentException("rotateAfterQueries must be at least 1, got " + rotateAfterQueries);
        }
        if (rotateEvery.isZero() || rotateEvery.isNegative()) {
            throw new IllegalArgumentException("rotateEvery must be positive, got " + rotateEvery);
        }
    }

    public UdpTransportSettings withChannels(int value) {
        return new UdpTransportSettings(value, rotateAfterQueries, rotateEvery, mixedCaseNames);
    }

    public UdpTransportSettings withRotateAfterQueries(long value) {
        return new UdpTransportSettings(channels, value, rotateEvery, mixedCaseNames);
    }

    public UdpTransportSettings withRotateEvery(Duration value) {
        return new UdpTransportSettings(channels, rotateAfterQueries, value, mixedCaseNames);
    }

    public UdpTransportSettings withMixedCaseNames(boolean value) {
        return new UdpTransportSettings(channels, rotateAfterQueries, rotateEvery, value);
    }
}
