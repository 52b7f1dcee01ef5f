package org.bounceguard.james;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.Verdict;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.MailFacts;
import org.bounceguard.net.TrustedRelays;

/**
 * One configured DNSBL check of a mail, as {@code DnsblCheck}, {@code InDnsbl} and a guarded
 * bounce's {@code zones} use it: which zones, how long to wait, which relays to see through.
 * Never throws: the engine fails open, so DNS trouble never sends a mail to James's error repository.
 */
public final class DnsblLookup {
    private final DnsblService service;
    private final List<ZoneSpec> zones;
    private final Optional<Duration> deadline;
    private final TrustedRelays trustedRelays;

    public DnsblLookup(DnsblService service, List<ZoneSpec> zones, Optional<Duration> deadline, TrustedRelays trustedRelays) {
        this.service = service;
        this.zones = List.copyOf(zones);
        this.deadline = deadline;
        this.trustedRelays = trustedRelays;
        service.watch(this.zones);
    }

    public DnsblFinding check(Mail mail) {
        Optional<InetAddress> client = MailFacts.client(mail, trustedRelays);
        Verdict verdict = service.engine().checkBlocking(MailFacts.dnsblQuery(mail, client), zones,
            deadline.orElseGet(() -> service.engine().deadline()));
        return new DnsblFinding(client.map(InetAddress::getHostAddress).orElse("none"), verdict);
    }
}
