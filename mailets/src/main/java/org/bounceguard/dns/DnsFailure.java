package org.bounceguard.dns;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Why a DNS query brought no answer, as a type: callers branch on {@link #kind()}, never on message text. */
public final class DnsFailure extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong on the way to the server. */
    public enum Kind {
        /** No answer within the query timeout, from any server asked. */
        TIMEOUT,
        /** The server could not be reached (ICMP port unreachable, no route, the client closed). */
        NETWORK
    }

    private final Kind kind;

    public DnsFailure(Kind kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The failure a transport completed with, by its type: a {@link SocketTimeoutException} (dnsjava's
     * and the UDP client's timeout) or a {@link TimeoutException} is a timeout, any other
     * {@link IOException} a network failure. Anything else is not a transport failure and is
     * returned unchanged (unwrapped from {@link CompletionException}).
     */
    public static Throwable of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DnsFailure) {
            return cause;
        }
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
            return new DnsFailure(Kind.TIMEOUT, cause.getMessage(), cause);
        }
        if (cause instanceof IOException) {
            return new DnsFailure(Kind.NETWORK, cause.toString(), cause);
        }
        return cause;
    }
}
