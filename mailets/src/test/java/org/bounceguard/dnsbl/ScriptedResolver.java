package org.bounceguard.dnsbl;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** A fake DNS server for unit tests: answers per query name, counted, optionally held back. */
final class ScriptedResolver implements Resolver {
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
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        Record question = query.getQuestion();
        String key = key(question.getName().toString(true), question.getType());
        queries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Function<Message, CompletableFuture<Message>> answer = answers.get(key);
        if (answer == null) {
            return CompletableFuture.completedFuture(nxdomain(query, -1));
        }
        return answer.apply(query);
    }

    @Override
    public Message send(Message query) throws IOException {
        return sendAsync(query, Runnable::run).toCompletableFuture().join();
    }

    private static String key(String name, int type) {
        return name.toLowerCase() + "/" + Type.string(type);
    }

    private static Message response(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
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

    private static Message nxdomain(Message query, long soaMinimum) {
        Message response = response(query);
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        if (soaMinimum >= 0) {
            try {
                Name zone = Name.fromString("zone.test.");
                response.addRecord(new SOARecord(zone, DClass.IN, 3600, Name.fromString("ns.zone.test."),
                    Name.fromString("admin.zone.test."), 1, 3600, 600, 86400, soaMinimum), Section.AUTHORITY);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return response;
    }

    @Override
    public void setPort(int port) {
    }

    @Override
    public void setTCP(boolean flag) {
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    }

    @Override
    public void setTSIGKey(TSIG key) {
    }

    @Override
    public void setTimeout(Duration timeout) {
    }
}
