package org.bounceguard.benchmarks.dnsbl;

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

/** A resolver that answers NXDOMAIN at once (with a one-hour SOA minimum), to fill and measure the cache alone. */
final class InstantResolver implements Resolver {
    private final SOARecord soa;

    InstantResolver() {
        try {
            Name zone = Name.fromString("bench.test.");
            soa = new SOARecord(zone, DClass.IN, 3600, Name.fromString("ns.bench.test."), Name.fromString("admin.bench.test."), 1, 3600, 600, 86400, 3600);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        response.addRecord(soa, Section.AUTHORITY);
        return CompletableFuture.completedFuture(response);
    }

    @Override
    public Message send(Message query) {
        return sendAsync(query, Runnable::run).toCompletableFuture().join();
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
    public void setTimeout(java.time.Duration timeout) {
    }
}
