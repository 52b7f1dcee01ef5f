package org.bounceguard.testsupport;

import java.io.IOException;
import java.net.InetAddress;

import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * A real SMTP client whose socket is bound to a chosen loopback source address, so that James
 * sees that address as the client IP (any 127.x.y.z works on Linux).
 */
public final class SmtpClient {
    private final String serverHost;
    private final int serverPort;

    public SmtpClient(String serverHost, int serverPort) {
        this.serverHost = serverHost;
        this.serverPort = serverPort;
    }

    /** What the server answered to the last command of a transaction. */
    public record Outcome(int code, String reply) {
        public boolean accepted() {
            return SMTPReply.isPositiveCompletion(code);
        }
    }

    /**
     * Sends one message; {@code envelopeSender} may be empty for a null sender (a bounce).
     * Returns the first negative reply, or the reply to the end of DATA.
     */
    public Outcome send(String clientAddress, String helo, String envelopeSender, String recipient, String message)
            throws IOException {
        return send(clientAddress, helo, envelopeSender, java.util.List.of(recipient), message);
    }

    /** As above, to several recipients in one transaction (one mail); the first refused RCPT is the outcome. */
    public Outcome send(String clientAddress, String helo, String envelopeSender, java.util.List<String> recipients, String message)
            throws IOException {
        SMTPClient client = connect(new SMTPClient(), serverHost, serverPort, clientAddress, 30_000);
        try {
            if (!SMTPReply.isPositiveCompletion(client.getReplyCode())) {
                return outcome(client);
            }
            if (!client.login(helo)) {
                return outcome(client);
            }
            if (!client.setSender(envelopeSender)) {
                return outcome(client);
            }
            for (String recipient : recipients) {
                if (!client.addRecipient(recipient)) {
                    return outcome(client);
                }
            }
            client.sendShortMessageData(message.replace("\r\n", "\n").replace("\n", "\r\n"));
            return outcome(client);
        } finally {
            quit(client);
        }
    }

    /** As {@link #send(String, String, String, String, String)}, after EHLO and {@code AUTH PLAIN} as {@code user}; a refused AUTH is the outcome. */
    public Outcome sendAuthenticated(String clientAddress, String helo, String user, String password, String envelopeSender,
                                     String recipient, String message) throws Exception {
        AuthenticatingSMTPClient client = connect(new AuthenticatingSMTPClient(), serverHost, serverPort, clientAddress, 30_000);
        try {
            if (!client.elogin(helo) || !client.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, user, password)) {
                return outcome(client);
            }
            if (!client.setSender(envelopeSender) || !client.addRecipient(recipient)) {
                return outcome(client);
            }
            client.sendShortMessageData(message.replace("\r\n", "\n").replace("\n", "\r\n"));
            return outcome(client);
        } finally {
            quit(client);
        }
    }

    /** Connects {@code client} from the loopback source address {@code clientAddress}, with this timeout on every read. */
    static <C extends SMTPClient> C connect(C client, String serverHost, int serverPort, String clientAddress, int timeoutMillis)
            throws IOException {
        client.setDefaultTimeout(timeoutMillis);
        client.connect(InetAddress.getByName(serverHost), serverPort, InetAddress.getByName(clientAddress), 0);
        client.setSoTimeout(timeoutMillis);
        return client;
    }

    private static void quit(SMTPClient client) throws IOException {
        try {
            client.logout();
        } catch (IOException ignored) {
            // the reply we care about is already read
        }
        client.disconnect();
    }

    private static Outcome outcome(SMTPClient client) {
        return new Outcome(client.getReplyCode(), client.getReplyString().trim());
    }
}
