package org.bounceguard.dnsbl;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.bounceguard.testsupport.StubResolver;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** A fake DNS server for unit tests: answers per query name, counted, optionally held back. */
final class ScriptedResolver extends StubResolver {
    private final Map<String, Function<Message, CompletableFuture<Message>>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();

    /** A listing: A records (TTL in seconds) and, for TXT queries, a reason. */
    ScriptedResolver listed(String name, long ttl, String reason, String... codes) {
        answers.put(key(name, Type.A), query -> CompletableFuture.completedFuture(aAnswer(query, ttl, codes)));
        answers.put(key(name, Type.TXT), query -> CompletableFuture.completedFuture(txtAnswer(query, ttl, reason)));
        return this;
    }

    /** NXDOMAIN, with an SOA whose minimum is {@code soaMinimum} seconds (negative: no SOA). */
    ScriptedResolver notListed(String name, long soaMinimum) {
        answers.put(key(name, Type.A), query -> CompletableFuture.completedFuture(nxdomain(query, soaMinimum)));
        return this;
    }

    ScriptedResolver servfail(String name) {
        answers.put(key(name, Type.A), query -> {
            Message response = response(query);
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return CompletableFuture.completedFuture(response);
        });
        return this;
    }

    ScriptedResolver failing(String name, IOException failure) {
        answers.put(key(name, Type.A), query -> CompletableFuture.failedFuture(failure));
        return this;
    }

    /** The failure waits until the test completes the returned future's trigger. */
    CompletableFuture<Void> heldBackFailing(String name, IOException failure) {
        CompletableFuture<Void> trigger = new CompletableFuture<>();
        answers.put(key(name, Type.A), query -> trigger.thenCompose(ignored -> CompletableFuture.failedFuture(failure)));
        return trigger;
    }

    /** The answer waits until the test completes the returned future's trigger. */
    CompletableFuture<Void> heldBack(String name, String... codes) {
        CompletableFuture<Void> trigger = new CompletableFuture<>();
        answers.put(key(name, Type.A), query -> trigger.thenApply(ignored -> aAnswer(query, 300, codes)));
        return trigger;
    }

    int queriesFor(String name) {
        AtomicInteger count = queries.get(key(name, Type.A));
        return count == null ? 0 : count.get();
    }

    @Override
    protected CompletionStage<Message> answer(Message query) {
        Record question = query.getQuestion();
        String key = key(question.getName().toString(true), question.getType());
        queries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Function<Message, CompletableFuture<Message>> answer = answers.get(key);
        if (answer == null) {
            return CompletableFuture.completedFuture(nxdomain(query, -1));
        }
        return answer.apply(query);
    }

    private static String key(String name, int type) {
        return name.toLowerCase() + "/" + Type.string(type);
    }

    private static Message aAnswer(Message query, long ttl, String... codes) {
        Message response = response(query);
        for (String code : codes) {
            try {
                response.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, ttl, InetAddress.getByName(code)), Section.ANSWER);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return response;
    }

    private static Message txtAnswer(Message query, long ttl, String reason) {
        Message response = response(query);
        if (reason != null) {
            response.addRecord(new TXTRecord(query.getQuestion().getName(), DClass.IN, ttl, reason), Section.ANSWER);
        }
        return response;
    }
}
