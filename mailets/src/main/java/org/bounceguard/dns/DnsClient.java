package org.bounceguard.dns;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;

/**
 * Asks DNS questions without blocking. What a DNSBL engine needs of a transport: an answer or a
 * typed failure, and a count of the datagrams that answered nothing it asked.
 */
public interface DnsClient extends AutoCloseable {
    /**
     * Asks {@code name} (class IN) for {@code type}. Completes with the server's response, whatever
     * its rcode, or fails with a {@link DnsFailure}. Completes on a thread of the client's own that
     * must not be held up: what runs after it must not block.
     */
    CompletableFuture<Message> ask(String name, int type);

    /**
     * Per DNS server, the datagrams that answered no query of ours (forged answers, late ones);
     * empty when the transport cannot see them.
     */
    List<AnswerMismatches> mismatches();

    /** Releases the client's sockets and threads; queries still in flight fail. */
    @Override
    void close();

    /**
     * A dnsjava {@link Resolver} as a client, its answers handed to {@code executor}. It sees no
     * mismatches, and {@link #close} leaves the resolver open: it is the caller's.
     */
    static DnsClient over(Resolver resolver, Executor executor) {
        return new ResolverDnsClient(resolver, executor);
    }
}
