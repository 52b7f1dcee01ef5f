package org.bounceguard.it.support;

import java.io.IOException;
import java.net.InetAddress;

import org.apache.commons.net.smtp.SMTPClient;

/** One RCPT and nothing more, as a real client: HELO, MAIL FROM, RCPT TO, QUIT from a chosen loopback address; James's answer to the RCPT. */
public final class Rcpt {
    public record Reply(int code, String text) {
    }

    private Rcpt() {
    }

    public static Reply to(int smtpPort, String client, String sender, String recipient) throws IOException {
        SMTPClient smtp = new SMTPClient();
        smtp.setDefaultTimeout(30_000);
        smtp.connect(InetAddress.getByName("127.0.0.1"), smtpPort, InetAddress.getByName(client), 0);
        try {
            smtp.setSoTimeout(30_000);
            smtp.helo("client.example");
            smtp.setSender(sender);
            smtp.addRecipient(recipient);
            Reply reply = new Reply(smtp.getReplyCode(), smtp.getReplyString().trim());
            smtp.quit();
            return reply;
        } finally {
            smtp.disconnect();
        }
    }
}
