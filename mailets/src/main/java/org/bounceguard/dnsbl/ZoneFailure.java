package org.bounceguard.dnsbl;

import org.bounceguard.dns.DnsFailure;

/** A zone's answer that is not a listing decision, by kind: counted as an error, never as a listing. */
final class ZoneFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final ErrorKind kind;

    ZoneFailure(ErrorKind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    /** A failed look-up by the type of its failure: the transport's {@link DnsFailure} kinds, else SERVFAIL. */
    static ZoneFailure of(Throwable failure) {
        Throwable cause = DnsFailure.of(failure);
        if (cause instanceof ZoneFailure zoneFailure) {
            return zoneFailure;
        }
        if (cause instanceof DnsFailure dns) {
            return switch (dns.kind()) {
                case TIMEOUT -> new ZoneFailure(ErrorKind.TIMEOUT, String.valueOf(dns.getMessage()));
                case NETWORK -> new ZoneFailure(ErrorKind.NETWORK, String.valueOf(dns.getMessage()));
            };
        }
        return new ZoneFailure(ErrorKind.SERVFAIL, cause.toString());
    }
}
