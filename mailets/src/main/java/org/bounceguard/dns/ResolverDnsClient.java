package org.bounceguard.dns;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;

/** {@link DnsClient#over}: any dnsjava resolver, failures typed by {@link DnsFailure#of}. */
final class ResolverDnsClient implements DnsClient {
    private final Resolver resolver;
    private final Executor executor;

    ResolverDnsClient(Resolver resolver, Executor executor) {
        this.resolver = resolver;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Message> ask(String name, int type) {
        CompletableFuture<Message> sent;
        try {
            Message query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
            sent = resolver.sendAsync(query, executor).toCompletableFuture();
        } catch (IOException | RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((answer, failure) -> {
            if (failure != null) {
                throw new CompletionException(DnsFailure.of(failure));
            }
            return answer;
        });
    }

    @Override
    public List<AnswerMismatches> mismatches() {
        return List.of();
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "DnsClient over " + resolver;
    }
}
