package org.bounceguard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real {@code redis-server} (Debian's package) on a random loopback port, with its own config
 * and no persistence, for the Redis stores' unit tests and the integration tests; {@link #kill()} is SIGKILL, {@link #start()} brings it back on the same port.
 * {@link #hang()} is SIGSTOP: the kernel still accepts connections and buffers commands, nothing answers - a hung server,
 * until {@link #resume()} (SIGCONT).
 */
public final class RedisServer implements AutoCloseable, TestServer {
    private final Path directory;
    private final int port;
    private final String password;
    private Process process;

    public RedisServer(String password) throws IOException {
        this.directory = Files.createTempDirectory("bounceguard-redis");
        this.password = password;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = socket.getLocalPort();
        }
        Files.writeString(directory.resolve("redis.conf"), String.join("\n",
            "bind 127.0.0.1",
            "port " + port,
            "dir " + directory,
            "save \"\"",
            "appendonly no",
            "daemonize no",
            "logfile " + directory.resolve("redis.log"),
            password.isEmpty() ? "" : "requirepass " + password) + "\n");
    }

    /** Starts it and returns it, for a test that runs it outside JUnit's extension model. */
    public RedisServer started() throws IOException, InterruptedException {
        start();
        return this;
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", directory.resolve("redis.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("stdout.log").toFile())
            .start();
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(directory.resolve("stdout.log")));
            }
            if (answersPing()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    /** SIGKILL: no shutdown, no save. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGSTOP: connections open, commands are taken, no answer comes. */
    public synchronized void hang() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT: the server answers again, from where it stopped. */
    public synchronized void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server is not running");
        }
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://:password@127.0.0.1:port} */
    public String url() {
        return "redis://" + (password.isEmpty() ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            String command = (password.isEmpty() ? "" : "AUTH " + password + "\r\n") + "PING\r\n";
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256];
            StringBuilder reply = new StringBuilder();
            while (!reply.toString().contains("PONG")) {
                int read = in.read(buffer);
                if (read < 0) {
                    return false;
                }
                reply.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                if (reply.indexOf("-") == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void stop() throws InterruptedException {
        kill();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
