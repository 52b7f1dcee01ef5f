package org.bounceguard.suppression;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.bounceguard.net.DomainNames;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Can an NDR to this domain be delivered at all? Yes when the domain has an MX (other than the
 * RFC 7505 "null MX" {@code MX 0 .}), or else an A or AAAA record (RFC 5321 §5.1 implicit MX).
 * No for NXDOMAIN or none of these. Unknown (empty) when DNS does not answer: the caller must
 * then not hold that against the sender.
 */
public final class SenderDomainCheck implements AutoCloseable {
    private final Resolver resolver;
    private final Duration timeout;
    private final Cache<String, Boolean> answers;

    public SenderDomainCheck(Resolver resolver, Duration timeout, Ticker ticker) {
        this.resolver = resolver;
        this.timeout = timeout;
        this.answers = CacheBuilder.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .ticker(ticker)
            .build();
    }

    public Optional<Boolean> isRoutable(String domain) {
        String normalized = DomainNames.fold(domain);
        if (normalized.isEmpty()) {
            return Optional.of(false);
        }
        Boolean cached = answers.getIfPresent(normalized);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Boolean> answer = resolve(normalized);
        answer.ifPresent(routable -> answers.put(normalized, routable));
        return answer;
    }

    private Optional<Boolean> resolve(String domain) {
        Name name;
        try {
            name = Name.fromString(domain, Name.root);
        } catch (TextParseException e) {
            return Optional.of(false);
        }
        try {
            Message mx = query(name, Type.MX);
            if (mx.getRcode() == Rcode.NXDOMAIN) {
                return Optional.of(false);
            }
            if (mx.getRcode() != Rcode.NOERROR) {
                return Optional.empty();
            }
            List<Record> mxRecords = mx.getSection(Section.ANSWER).stream().filter(MXRecord.class::isInstance).toList();
            if (!mxRecords.isEmpty()) {
                boolean nullMx = mxRecords.size() == 1 && ((MXRecord) mxRecords.get(0)).getTarget().equals(Name.root);
                return Optional.of(!nullMx);
            }
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Message address = query(name, type);
                if (address.getRcode() != Rcode.NOERROR && address.getRcode() != Rcode.NXDOMAIN) {
                    return Optional.empty();
                }
                if (address.getSection(Section.ANSWER).stream().anyMatch(record -> record.getType() == type)) {
                    return Optional.of(true);
                }
            }
            return Optional.of(false);
        } catch (Exception e) {
            // timeouts, unreachable resolver, broken answers: we do not know
            return Optional.empty();
        }
    }

    private Message query(Name name, int type) throws Exception {
        Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        CompletionStage<Message> answer = resolver.sendAsync(question);
        return ((CompletableFuture<Message>) answer.toCompletableFuture()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Releases the resolver when it holds resources of its own (Bounceguard's UDP transport does). */
    @Override
    public void close() {
        if (resolver instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down: nothing left to do with it
            }
        }
    }
}
