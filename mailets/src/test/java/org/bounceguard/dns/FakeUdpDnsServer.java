package org.bounceguard.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.function.BiConsumer;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** A UDP DNS server for tests: a thread reads queries and hands them to a script, which answers as it likes. */
final class FakeUdpDnsServer implements AutoCloseable {
    /** A query received, and where it came from. */
    record Received(Message query, SocketAddress from) {
    }

    private final DatagramChannel channel;
    private final Thread thread;

    FakeUdpDnsServer(BiConsumer<FakeUdpDnsServer, Received> script) throws IOException {
        channel = DatagramChannel.open();
        // 2,000 queries in a burst overflow the default 208 KiB of receive buffer
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(() -> serve(script), "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void serve(BiConsumer<FakeUdpDnsServer, Received> script) {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                script.accept(this, new Received(new Message(Arrays.copyOf(buffer.array(), buffer.limit())), from));
            } catch (IOException e) {
                return;
            }
        }
    }

    void reply(Message answer, SocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(answer.toWire()), to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An answer to {@code query} with one A record. */
    static Message answer(Message query, String address) {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setRcode(Rcode.NOERROR);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        try {
            answer.addRecord(new ARecord(query.getQuestion().getName(), query.getQuestion().getDClass(), 60,
                java.net.InetAddress.getByName(address)), Section.ANSWER);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        return answer;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
