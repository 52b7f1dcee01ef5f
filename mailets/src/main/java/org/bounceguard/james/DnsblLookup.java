package org.bounceguard.james;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.Verdict;
import org.bounceguard.dnsbl.ZoneSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured DNSBL check as matchers and mailets use it: which zones, how long to wait, which
 * relays to see through. Never throws: whatever goes wrong, the answer is "not listed" (fail open)
 * so that DNS trouble never sends a mail to James's error repository.
 */
public final class DnsblLookup {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblLookup.class);
    /** Margin over the engine's own deadline before the caller stops waiting (the engine should never need it). */
    private static final Duration SAFETY_MARGIN = Duration.ofSeconds(1);

    /** The verdict and the client it is about, as shown to operators. */
    public record Result(String client, Verdict verdict) {
        public String summary() {
            return VerdictAttributes.summary(client, verdict);
        }
    }

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

    public Result check(Mail mail) {
        Optional<InetAddress> client = MailFacts.client(mail, trustedRelays);
        return check(mail, client, MailFacts.dnsblQuery(mail, client));
    }

    /**
     * The same check for a mail still in its SMTP session, before James has copied the
     * connecting address and the HELO name onto it.
     */
    public Result checkInSession(Mail mail, Optional<InetAddress> connecting, Optional<String> helo) {
        Optional<InetAddress> client = MailFacts.client(connecting, mail, trustedRelays);
        return check(mail, client, MailFacts.dnsblQuery(mail, client, helo));
    }

    private Result check(Mail mail, Optional<InetAddress> client, DnsblQuery query) {
        String clientText = client.map(InetAddress::getHostAddress).orElse("none");
        try {
            Verdict verdict = deadline
                .map(value -> service.engine().check(query, zones, value))
                .orElseGet(() -> service.engine().check(query, zones))
                .get(waitLimit().toMillis(), TimeUnit.MILLISECONDS);
            return new Result(clientText, verdict);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.warn("DNSBL check of {} for mail {} interrupted; treating as not listed", clientText, mail.getName());
        } catch (Exception e) {
            LOGGER.warn("DNSBL check of {} for mail {} failed; treating as not listed", clientText, mail.getName(), e);
        }
        return new Result(clientText, Verdict.empty());
    }

    private Duration waitLimit() {
        return deadline.orElse(Duration.ofSeconds(30)).plus(SAFETY_MARGIN);
    }
}
