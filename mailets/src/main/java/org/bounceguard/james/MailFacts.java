package org.bounceguard.james;

import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.DnsblQuery;

import com.google.common.net.InetAddresses;

/** What Bounceguard reads from a James mail: who connected, what it claimed, whether it is a bounce. */
public final class MailFacts {
    private MailFacts() {
    }

    /** A bounce: null reverse path ({@code MAIL FROM:<>}) or postmaster@… (the Backscatterer safe-mode rule). */
    public static boolean isBounce(Mail mail) {
        return mail.getMaybeSender().asOptional()
            .map(sender -> sender.getLocalPart().equalsIgnoreCase("postmaster"))
            .orElse(true);
    }

    public static boolean isAuthenticated(Mail mail) {
        return mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent();
    }

    public static Optional<String> helo(Mail mail) {
        return mail.getAttribute(Mail.SMTP_HELO)
            .map(Attribute::getValue)
            .map(AttributeValue::value)
            .map(String::valueOf)
            .filter(helo -> !helo.isBlank());
    }

    public static Optional<String> senderDomain(Mail mail) {
        return mail.getMaybeSender().asOptional()
            .map(MailAddress::getDomain)
            .map(domain -> domain.asString().toLowerCase(Locale.ROOT));
    }

    /**
     * The client to judge: the connecting address, or, when it belongs to a trusted relay, the
     * first untrusted hop named in the Received chain (newest first). Empty when James knows no
     * usable address or every hop is trusted.
     */
    public static Optional<InetAddress> client(Mail mail, TrustedRelays trustedRelays) {
        return client(parseAddress(mail.getRemoteAddr()), mail, trustedRelays);
    }

    /** As {@link #client(Mail, TrustedRelays)}, for a mail whose connecting address is known from elsewhere (its SMTP session). */
    public static Optional<InetAddress> client(Optional<InetAddress> connecting, Mail mail, TrustedRelays trustedRelays) {
        if (connecting.isEmpty() || !trustedRelays.contains(connecting.get())) {
            return connecting;
        }
        for (InetAddress hop : ReceivedChain.fromAddresses(receivedHeaders(mail))) {
            if (!trustedRelays.contains(hop)) {
                return Optional.of(hop);
            }
        }
        return Optional.empty();
    }

    public static DnsblQuery dnsblQuery(Mail mail, Optional<InetAddress> client) {
        return dnsblQuery(mail, client, helo(mail));
    }

    public static DnsblQuery dnsblQuery(Mail mail, Optional<InetAddress> client, Optional<String> helo) {
        return new DnsblQuery(client, senderDomain(mail), helo, isBounce(mail));
    }

    public static Optional<InetAddress> parseAddress(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.trim();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        if (candidate.regionMatches(true, 0, "IPv6:", 0, 5)) {
            candidate = candidate.substring(5);
        }
        return InetAddresses.isInetAddress(candidate) ? Optional.of(InetAddresses.forString(candidate)) : Optional.empty();
    }

    /** The whole message (headers and body) as a stream, without copying it into memory first. */
    public static InputStream rawMessage(Mail mail) throws MessagingException {
        return new MimeMessageInputStream(mail.getMessage());
    }

    private static List<String> receivedHeaders(Mail mail) {
        try {
            String[] headers = mail.getMessage().getHeader("Received");
            return headers == null ? List.of() : List.of(headers);
        } catch (MessagingException e) {
            return List.of();
        }
    }
}
