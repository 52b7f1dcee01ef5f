package org.bounceguard.benchmarks.scorecard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bounceguard.benchmarks.latency.DelayingDnsProxy;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;

/**
 * Everything outside our James, on loopback: DNS (rbldnsd serving the DNSBL zones and the remote
 * domains' A, MX and SPF records, on port 53 because James's own DNS service asks only port 53) and
 * real Postfix instances for the remote domains.
 *
 * <ul>
 *   <li>{@code victim.test}: the domain whose addresses spammers forge; every message reaching it is backscatter;</li>
 *   <li>{@code partner.test}: a partner our users write to, sending from an unlisted address; it
 *       bounces unknown users with its own DSNs and refuses {@code gone@} at RCPT; it is also our
 *       smart host (RemoteDelivery's gateway), relaying on to the other domains;</li>
 *   <li>{@code bigmail.test}: a big provider, Backscatterer-listed like every big provider;</li>
 *   <li>{@code nullmx.test}: a null MX ({@code MX 0 .}, RFC 7505) and nothing else: it accepts no mail.</li>
 *   <li>{@code relayed.test}: a domain we are the MX of, relayed (a domain mapping to {@code backend.relayed.test},
 *       which the partner routes) to its backend, a Postfix refusing unknown users at RCPT.</li>
 * </ul>
 * The partner and the big provider keep, in their {@code postmaster} mailbox, each of their own
 * bounces that we refused (a bounce storm refuses them at SMTP time).
 */
final class OutsideWorld implements AutoCloseable {
    static final String OUR_DOMAIN = "bounceguard.test";
    static final String UNSIGNED_DOMAIN = "plain.test";
    static final String VICTIM = "victim.test";
    static final String PARTNER = "partner.test";
    static final String BIGMAIL = "bigmail.test";
    /** A domain that accepts no mail (RFC 7505 null MX) and has no server; spammers send from it. */
    static final String NULL_MX = "nullmx.test";
    static final String RELAYED = "relayed.test";
    static final String RELAYED_BACKEND = "backend.relayed.test";
    static final String DNS_ADDRESS = "127.0.53.54";
    static final String PARTNER_ADDRESS = "127.5.0.1";
    static final String BIGMAIL_ADDRESS = "127.5.0.2";
    static final String VICTIM_ADDRESS = "127.6.0.1";

    final Rbldnsd dns;
    final DelayingDnsProxy dnsOnPort53;
    final PostfixPeer victim;
    final PostfixPeer partner;
    final PostfixPeer bigmail;
    final PostfixPeer relayedBackend;

    private OutsideWorld(Rbldnsd dns, DelayingDnsProxy dnsOnPort53, PostfixPeer victim, PostfixPeer partner, PostfixPeer bigmail,
                         PostfixPeer relayedBackend) {
        this.dns = dns;
        this.dnsOnPort53 = dnsOnPort53;
        this.victim = victim;
        this.partner = partner;
        this.bigmail = bigmail;
        this.relayedBackend = relayedBackend;
    }

    static OutsideWorld start(Traffic traffic, int jamesSmtpPort) throws IOException, InterruptedException {
        Rbldnsd dns = Rbldnsd.withSampleZonesListingNothing();
        dns.listing("zen.spamhaus.org", traffic.clientsListedIn("zen.spamhaus.org").toArray(String[]::new));
        dns.listing("bl.spamcop.net", traffic.clientsListedIn("bl.spamcop.net").toArray(String[]::new));
        dns.listing("ips.backscatterer.org", BIGMAIL_ADDRESS);
        domain(dns, VICTIM, VICTIM_ADDRESS);
        domain(dns, PARTNER, PARTNER_ADDRESS);
        domain(dns, BIGMAIL, BIGMAIL_ADDRESS);
        domain(dns, OUR_DOMAIN, "127.0.0.1");
        domain(dns, UNSIGNED_DOMAIN, "127.0.0.1");
        dns.zone(NULL_MX, "generic", "@ MX 0 .");
        dns.started();
        DelayingDnsProxy port53 = new DelayingDnsProxy(new InetSocketAddress(DNS_ADDRESS, 53), dns.address(), Duration.ZERO);

        PostfixPeer victim = new PostfixPeer(VICTIM).catchAll(".*");
        victim.connectFrom(VICTIM_ADDRESS);
        victim.start();
        PostfixPeer bigmail = new PostfixPeer(BIGMAIL).catchAll("p-.*").reportsDoubleBounces()
            .routes(OUR_DOMAIN, () -> jamesSmtpPort).routes(UNSIGNED_DOMAIN, () -> jamesSmtpPort);
        bigmail.connectFrom(BIGMAIL_ADDRESS);
        bigmail.start();
        // answers for both names: the one James verifies at RCPT, the one its domain mapping relays to
        PostfixPeer relayedBackend = new PostfixPeer(RELAYED_BACKEND).alsoServes(RELAYED).user("staff").refusesUnknownUsers();
        relayedBackend.start();
        PostfixPeer partner = new PostfixPeer(PARTNER).catchAll("p-.*").refusesAtRcpt("gone").reportsDoubleBounces()
            .routes(OUR_DOMAIN, () -> jamesSmtpPort).routes(UNSIGNED_DOMAIN, () -> jamesSmtpPort)
            .routes(VICTIM, victim::port).routes(BIGMAIL, bigmail::port).routes(RELAYED_BACKEND, relayedBackend::port);
        partner.connectFrom(PARTNER_ADDRESS);
        partner.start();
        return new OutsideWorld(dns, port53, victim, partner, bigmail, relayedBackend);
    }

    /** A remote domain's records: its server's address, an MX, and SPF naming only that address. */
    private static void domain(Rbldnsd dns, String domain, String address) {
        dns.zone(domain, "generic",
            "@ A " + address,
            "@ MX 10 mx." + domain,
            "mx A " + address,
            "@ TXT \"v=spf1 ip4:" + address + " -all\"");
    }

    List<PostfixPeer> peers() {
        return List.of(victim, partner, bigmail, relayedBackend);
    }

    @Override
    public void close() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable part : new AutoCloseable[] {partner::stop, bigmail::stop, victim::stop, relayedBackend::stop, dnsOnPort53, dns}) {
            try {
                part.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
