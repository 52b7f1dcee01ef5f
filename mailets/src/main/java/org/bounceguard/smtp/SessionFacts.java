package org.bounceguard.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPSession;

/** What an SMTP session tells the hooks about its client, read the same way by each. */
final class SessionFacts {
    private SessionFacts() {
    }

    /** The connecting client's address; empty when James knows none. */
    static Optional<InetAddress> client(SMTPSession session) {
        return Optional.ofNullable(session.getRemoteAddress()).map(InetSocketAddress::getAddress);
    }
}
