package org.bounceguard.verify;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The probe of a recipient, as Postfix's verify(8) and Exim's callout make it: {@code EHLO}
 * ({@code HELO} when that is refused), {@code MAIL FROM:<>} or a configured probe sender,
 * {@code RCPT TO}, {@code QUIT}; no mail is ever sent. The whole dialogue, connecting included,
 * is bounded by one timeout; replies are read by {@link SmtpReply}, bounded in line length and count.
 * James ships no SMTP client library, hence this small blocking one over a plain socket.
 */
public final class SmtpProbe implements Prober {
    private final String heloName;
    private final String probeSender;
    private final Duration timeout;

    /** {@code probeSender} empty: the null sender, {@code MAIL FROM:<>}. */
    public SmtpProbe(String heloName, Optional<String> probeSender, Duration timeout) {
        this.heloName = requireSafe("heloName", heloName);
        this.probeSender = requireSafe("probeSender", probeSender.orElse(""));
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
    }

    @Override
    public ProbeResult probe(Backend backend, String recipient) {
        if (!isSafe(recipient) || recipient.isEmpty()) {
            return new ProbeResult.Deferred("recipient cannot be written in an SMTP command", false);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(backend.host(), backend.port()), remainingMillis(deadline));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            SmtpReply greeting = read(socket, in, deadline);
            if (!greeting.positive()) {
                return deferred("greeting", greeting);
            }
            SmtpReply hello = command(socket, in, out, deadline, "EHLO " + heloName);
            if (hello.permanentFailure()) {
                hello = command(socket, in, out, deadline, "HELO " + heloName);
            }
            if (!hello.positive()) {
                return deferred("EHLO", hello);
            }
            SmtpReply mailFrom = command(socket, in, out, deadline, "MAIL FROM:<" + probeSender + ">");
            if (!mailFrom.positive()) {
                return deferred("MAIL FROM", mailFrom);
            }
            SmtpReply rcpt = command(socket, in, out, deadline, "RCPT TO:<" + recipient + ">");
            quietly(socket, in, out, deadline);
            if (rcpt.positive()) {
                return ProbeResult.ACCEPTED;
            }
            if (rcpt.permanentFailure()) {
                return new ProbeResult.Refused(rcpt.code(), rcpt.text());
            }
            return deferred("RCPT TO", rcpt);
        } catch (SocketTimeoutException e) {
            return new ProbeResult.Deferred("no answer from " + backend + " within " + timeout.toMillis() + "ms", true);
        } catch (SmtpReply.Malformed e) {
            return new ProbeResult.Deferred(backend + " answered no valid SMTP: " + e.getMessage(), true);
        } catch (IOException | RuntimeException e) {
            return new ProbeResult.Deferred("cannot talk to " + backend + ": " + e.getClass().getSimpleName(), true);
        }
    }

    private static ProbeResult deferred(String step, SmtpReply reply) {
        return new ProbeResult.Deferred("backend answered " + step + " with " + reply.code() + " " + reply.text(), false);
    }

    private static SmtpReply command(Socket socket, InputStream in, OutputStream out, long deadline, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(socket, in, deadline);
    }

    private static SmtpReply read(Socket socket, InputStream in, long deadline) throws IOException {
        socket.setSoTimeout(remainingMillis(deadline));
        return SmtpReply.read(in);
    }

    /** QUIT, politely; its answer does not change the result. */
    private static void quietly(Socket socket, InputStream in, OutputStream out, long deadline) {
        try {
            command(socket, in, out, deadline, "QUIT");
        } catch (IOException | RuntimeException ignored) {
            // the answer about the recipient is already in hand
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        if (remaining <= 0) {
            throw new SocketTimeoutException("probe deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    private static String requireSafe(String what, String value) {
        if (!isSafe(value)) {
            throw new IllegalArgumentException(what + " must be printable ASCII without spaces or angle brackets");
        }
        return value;
    }

    /** Printable ASCII without space or angle brackets: nothing that could end or extend a command. */
    static boolean isSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }
}
