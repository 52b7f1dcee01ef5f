package org.bounceguard.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.bounceguard.mailetbase.Parameters;
import org.bounceguard.findings.DnsblCheckSettings;
import org.bounceguard.services.DnsblLookup;
import org.bounceguard.services.DnsblService;

/**
 * A self-contained DNSBL matcher, the drop-in for James's {@code InSpammerBlacklist} that checks
 * several zones in parallel (shared cache and health checks) and adds their weights:
 * {@code match="org.bounceguard.matchers.InDnsbl=zen.spamhaus.org*3, bl.spamcop.net*2; threshold=3"}.
 * Without {@code threshold} any positive score matches, so {@code InDnsbl=zen.spamhaus.org.}
 * behaves like {@code InSpammerBlacklist=zen.spamhaus.org.}. It does not change the mail; use
 * the {@code DnsblCheck} mailet to keep the verdict on the mail.
 */
public class InDnsbl extends GenericMatcher {
    private static final String THRESHOLD_OPTION = "threshold=";

    private final DnsblService service;
    /** From the condition: the look-up of its zones, and the score from which the mail matches. */
    private DnsblLookup lookup;
    private int threshold;

    /** @param service the server's one DNSBL engine: the cache and health checks are shared with every other check */
    @Inject
    public InDnsbl(DnsblService service) {
        this.service = service;
    }

    @Override
    public void init() throws MessagingException {
        Parameters parameters = new Parameters("InDnsbl");
        String condition = Optional.ofNullable(getCondition()).orElse("");
        int separator = condition.indexOf(';');
        String zones = separator < 0 ? condition : condition.substring(0, separator);
        threshold = 1;
        if (separator >= 0) {
            String option = condition.substring(separator + 1).trim();
            if (!option.startsWith(THRESHOLD_OPTION)) {
                throw parameters.error("condition", "has the unknown option '" + option + "' after ';'; expected threshold=N");
            }
            threshold = parameters.integer("threshold", option.substring(THRESHOLD_OPTION.length()));
        }
        lookup = new DnsblLookup(service, DnsblCheckSettings.of(parameters.zones("condition", zones, service.zoneKeys())));
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return lookup.check(mail).verdict().score() >= threshold ? mail.getRecipients() : List.of();
    }
}
