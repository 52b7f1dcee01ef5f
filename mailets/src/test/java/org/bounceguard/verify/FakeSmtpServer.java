package org.bounceguard.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A scripted SMTP server for the probe's unit tests: one reply per command, chosen by {@code replies}; records the commands. */
final class FakeSmtpServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Thread thread;

    FakeSmtpServer(String greeting, Function<String, String> replies) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    OutputStream out = socket.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    if (greeting != null) {
                        out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                    }
                    String line;
                    while ((line = in.readLine()) != null) {
                        commands.add(line);
                        String reply = replies.apply(line);
                        if (reply == null) {
                            // hang: say nothing until the client gives up
                            while (in.readLine() != null) {
                                // drain
                            }
                            break;
                        }
                        out.write(reply.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        if (line.equals("QUIT")) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // closed by the test or the client
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers like a backend that knows only {@code known} (RCPT), and accepts the rest of the dialogue. */
    static Function<String, String> knowing(String... known) {
        return command -> {
            if (command.startsWith("RCPT TO:")) {
                for (String user : known) {
                    if (command.equals("RCPT TO:<" + user + ">")) {
                        return "250 2.1.5 Ok\r\n";
                    }
                }
                return "550 5.1.1 <" + command.substring(9, command.length() - 1) + ">: Recipient address rejected: User unknown\r\n";
            }
            if (command.startsWith("EHLO")) {
                return "250-backend.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
            }
            if (command.equals("QUIT")) {
                return "221 2.0.0 Bye\r\n";
            }
            return "250 2.1.0 Ok\r\n";
        };
    }

    Backend backend() {
        return new Backend("127.0.0.1", server.getLocalPort());
    }

    List<String> commands() {
        return commands;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
