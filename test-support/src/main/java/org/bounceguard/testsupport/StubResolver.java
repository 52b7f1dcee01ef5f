package org.bounceguard.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * A dnsjava {@link Resolver} that answers in memory, without a network: the base of the unit
 * tests' scripted DNS server and of the benchmarks that measure the engine without DNS. The
 * transport settings (port, TCP, EDNS, TSIG, timeout) mean nothing here and are ignored.
 */
public abstract class StubResolver implements Resolver {

    /** NXDOMAIN for every name at once, with an SOA whose minimum is {@code soaMinimumSeconds}. */
    public static StubResolver nothingListed(long soaMinimumSeconds) {
        return new StubResolver() {
            @Override
            protected CompletionStage<Message> answer(Message query) {
                return CompletableFuture.completedFuture(nxdomain(query, soaMinimumSeconds));
            }
        };
    }

    /** The answer to {@code query}; may complete later, or exceptionally (a network failure). */
    protected abstract CompletionStage<Message> answer(Message query);

    /** An empty NOERROR response to {@code query}, its question copied. */
    public static Message response(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    /** NXDOMAIN, with an SOA whose minimum is {@code soaMinimumSeconds} (negative: no SOA). */
    public static Message nxdomain(Message query, long soaMinimumSeconds) {
        Message response = response(query);
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        if (soaMinimumSeconds >= 0) {
            try {
                Name zone = Name.fromString("zone.test.");
                response.addRecord(new SOARecord(zone, DClass.IN, 3600, Name.fromString("ns.zone.test."),
                    Name.fromString("admin.zone.test."), 1, 3600, 600, 86400, soaMinimumSeconds), Section.AUTHORITY);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return response;
    }

    @Override
    public final CompletionStage<Message> sendAsync(Message query, Executor executor) {
        return answer(query);
    }

    @Override
    public final Message send(Message query) {
        return answer(query).toCompletableFuture().join();
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
