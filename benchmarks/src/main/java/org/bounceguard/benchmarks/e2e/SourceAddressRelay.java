package org.bounceguard.benchmarks.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A TCP relay that gives every connection its own loopback source address: smtp-source cannot
 * bind a source address, so it connects here and each of its SMTP sessions reaches James from
 * the next address of 127.1.0.0 upwards ({@link #clientAddress}), which is the client IP James
 * and Bounceguard see. The relay adds one loopback hop to every configuration alike.
 */
public final class SourceAddressRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final IntFunction<String> recipientOf;
    private final AtomicInteger connections = new AtomicInteger();
    private final ExecutorService pipes = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "relay-pipe");
        thread.setDaemon(true);
        return thread;
    });

    public SourceAddressRelay(InetSocketAddress listen, InetSocketAddress target) throws IOException {
        this(listen, target, null);
    }

    /**
     * As above, and the {@code RCPT TO} of connection {@code n} names {@code recipientOf.apply(n)}
     * instead of what the client sent (smtp-source has one fixed recipient); null keeps it.
     */
    public SourceAddressRelay(InetSocketAddress listen, InetSocketAddress target, IntFunction<String> recipientOf) throws IOException {
        this.target = target;
        this.recipientOf = recipientOf;
        this.listener = new ServerSocket();
        listener.bind(listen, 512);
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The source address of the relay's {@code n}th connection (0-based): 127.1.0.0, 127.1.0.1, ... */
    public static InetAddress clientAddress(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) (1 + (n >> 16)), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public int connections() {
        return connections.get();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int n = connections.getAndIncrement();
                pipes.execute(() -> connect(client, n));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("relay: accept failed: " + e);
                }
            }
        }
    }

    private void connect(Socket client, int n) {
        try {
            Socket upstream = new Socket();
            upstream.bind(new InetSocketAddress(clientAddress(n), 0));
            upstream.connect(target, 10_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            pipes.execute(() -> pipe(upstream, client, null));
            pipe(client, upstream, recipientOf == null ? null : recipientOf.apply(n));
        } catch (IOException e) {
            System.err.println("relay: connection " + n + " failed: " + e);
            closeQuietly(client);
        }
    }

    /**
     * Copies {@code from} to {@code to} until either side closes. With a {@code recipient}, the
     * commands up to DATA go line by line, any {@code RCPT TO} naming it instead; the rest as it comes.
     */
    private static void pipe(Socket from, Socket to, String recipient) {
        try (InputStream in = new BufferedInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
            if (recipient != null && !copyCommandsReplacingRecipient(in, out, recipient)) {
                return;
            }
            byte[] buffer = new byte[16 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException closed) {
            // the other direction closed the pair; nothing to report
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Up to and including DATA; false when the client closed before. */
    private static boolean copyCommandsReplacingRecipient(InputStream in, OutputStream out, String recipient) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            line.write(b);
            if (b == '\n') {
                String command = line.toString(StandardCharsets.US_ASCII);
                if (command.regionMatches(true, 0, "RCPT TO:", 0, 8)) {
                    command = "RCPT TO:<" + recipient + ">\r\n";
                }
                out.write(command.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (command.trim().equalsIgnoreCase("DATA")) {
                    return true;
                }
                line.reset();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pipes.shutdownNow();
    }
}
