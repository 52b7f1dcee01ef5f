package org.bounceguard.services;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.findings.ClientCheck;
import org.bounceguard.findings.DnsblCheckSettings;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;

/**
 * One configured DNSBL check of a mail, as {@code DnsblCheck}, {@code InDnsbl} and a guarded
 * bounce's {@code zones} use it: which zones, how long to wait, which relays to see through,
 * whether authenticated mail is checked. Never throws: the engine fails open, so DNS trouble never
 * sends a mail to James's error repository.
 */
public final class DnsblLookup {
    private final DnsblService service;
    private final DnsblCheckSettings settings;

    public DnsblLookup(DnsblService service, DnsblCheckSettings settings) {
        this.service = service;
        this.settings = settings;
        service.watch(settings.zones());
    }

    public DnsblCheckSettings settings() {
        return settings;
    }

    /** A finding and how long the mail waited for it. */
    public record Recorded(DnsblFinding finding, long waitedMillis) {
    }

    public DnsblFinding check(Mail mail) {
        if (isSkippedAsAuthenticated(MailFacts.isAuthenticated(mail))) {
            return DnsblFinding.authenticated();
        }
        Optional<InetAddress> client = MailFacts.client(mail, settings.trustedRelays());
        return check(client, MailFacts.dnsblQuery(mail, client));
    }

    /**
     * Checks the mail and writes the finding and the wait on it: the one writer of a looked-up
     * DNSBL finding ({@code DnsblCheck}, a guard's own look-up).
     */
    public Recorded checkAndRecord(Mail mail) {
        long started = System.nanoTime();
        DnsblFinding finding = check(mail);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        finding.writeTo(mail);
        DnsblFinding.writeWaited(mail, waitedMillis);
        return new Recorded(finding, waitedMillis);
    }

    /**
     * The same check for a mail still in its SMTP session, before James has copied the
     * connecting address, the HELO name and the authenticated user onto it.
     */
    public DnsblFinding checkInSession(Mail mail, Optional<InetAddress> connecting, Optional<String> helo, boolean authenticated) {
        if (isSkippedAsAuthenticated(authenticated)) {
            return DnsblFinding.authenticated();
        }
        Optional<InetAddress> client = MailFacts.client(connecting, mail, settings.trustedRelays());
        return check(client, MailFacts.dnsblQuery(mail, client, helo));
    }

    private boolean isSkippedAsAuthenticated(boolean authenticated) {
        return authenticated && !settings.checkAuthenticated();
    }

    private DnsblFinding check(Optional<InetAddress> client, DnsblQuery query) {
        DnsblRequest request = DnsblRequest.of(query, settings.zones());
        DnsblVerdict verdict = service.engine().checkBlocking(settings.deadline().map(request::within).orElse(request));
        return new DnsblFinding(ClientCheck.of(client), verdict);
    }
}
