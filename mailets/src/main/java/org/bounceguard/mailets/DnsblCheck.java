package org.bounceguard.mailets;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.bounceguard.findings.AttachedVerdict;
import org.bounceguard.findings.DnsblCheckSettings;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.findings.FindingHeaders;
import org.bounceguard.mailetbase.BounceguardMailet;
import org.bounceguard.mailetbase.Parameters;
import org.bounceguard.services.DnsblLookup;
import org.bounceguard.services.DnsblService;
import org.bounceguard.services.SessionCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

/**
 * Computes the DNSBL verdict of a mail once and stores it on the mail as attributes
 * ({@code bounceguard.dnsbl.score}, {@code .listed}, {@code .reasons}, {@code .errors},
 * {@code .client}, {@code .summary}), and optionally as a header. Matchers such as
 * {@code DnsblScoreAtLeast} and {@code DnsblListed} then route on it, here or in any later
 * processor.
 *
 * <pre>{@code
 * <mailet match="All" class="org.bounceguard.mailets.DnsblCheck">
 *     <zones>zen.spamhaus.org=127.0.0.[2..11]*3, bl.spamcop.net*2, ips.backscatterer.org*3:safe</zones>
 *     <header>X-Bounceguard-Dnsbl</header>
 * </mailet>
 * }</pre>
 *
 * Parameters: {@code zones} (required), {@code header} (none), {@code deadline} (engine's),
 * {@code trustedRelays} (none), {@code checkAuthenticated} (false: SMTP-authenticated mail is
 * not checked and gets score 0).
 *
 * <p>A mail that carries a verdict made for this very check in its SMTP session
 * ({@code org.bounceguard.smtp.DnsblVerdictHook}) keeps it and is not looked up again.
 */
public class DnsblCheck extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsblCheck.class);

    private final DnsblService service;
    private DnsblLookup lookup;
    private Optional<String> header;

    @Inject
    public DnsblCheck(DnsblService service) {
        this.service = service;
    }

    @Override
    protected Set<String> parameters() {
        return ImmutableSet.of("zones", "header", "deadline", "trustedRelays", "checkAuthenticated");
    }

    @Override
    protected void configure(Parameters parameters) throws MessagingException {
        DnsblCheckSettings settings = new DnsblCheckSettings(
            parameters.zones("zones", getInitParameter("zones"), service.zoneKeys()),
            parameters.optionalDuration("deadline", getInitParameter("deadline")),
            parameters.trustedRelays("trustedRelays", getInitParameter("trustedRelays")),
            parameters.bool("checkAuthenticated", getInitParameter("checkAuthenticated"), false));
        lookup = new DnsblLookup(service, settings);
        header = Optional.ofNullable(getInitParameter("header")).map(String::trim).filter(name -> !name.isEmpty());
        service.offerSessionCheck(new SessionCheck(lookup));
    }

    @Override
    public void service(Mail mail) {
        if (mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent()) {
            // a reply, DSN or rejection this server wrote (it re-enters root from 127.0.0.1): no
            // client to judge; whatever verdict it carries is that of the mail it answers
            return;
        }
        long started = System.nanoTime();
        Optional<DnsblFinding.Stored> attached = AttachedVerdict.take(mail, lookup.settings());
        if (attached.isPresent()) {
            // made in the SMTP session (DnsblVerdictHook), possibly on another node: used as it is
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            attached.get().writeTo(mail);
            DnsblFinding.writeWaited(mail, waitedMillis);
            header.ifPresent(name -> addHeader(mail, name, attached.get().headerLine(waitedMillis)));
            if (attached.get().score().orElse(0) != 0) {
                LOGGER.info("DNSBL verdict for mail {} from {} (attached in its SMTP session): {}", mail.getName(),
                    mail.getMaybeSender().asString(), attached.get().summary());
            }
            return;
        }
        DnsblLookup.Recorded recorded = lookup.checkAndRecord(mail);
        DnsblFinding finding = recorded.finding();
        header.ifPresent(name -> addHeader(mail, name, finding.headerLine(recorded.waitedMillis())));
        if (finding.verdict().score() != 0 || !finding.verdict().errors().isEmpty()) {
            LOGGER.info("DNSBL verdict for mail {} from {}: {}", mail.getName(), mail.getMaybeSender().asString(), finding.summary());
        }
    }

    private static void addHeader(Mail mail, String name, String value) {
        if (!FindingHeaders.set(mail, name, value)) {
            // the verdict is already on the mail as attributes; a read-only or broken message keeps going
            LOGGER.warn("Mail {} cannot take header {} (unreadable MIME structure); the verdict stays in its attributes", mail.getName(), name);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Bounceguard DNSBL verdict";
    }
}
