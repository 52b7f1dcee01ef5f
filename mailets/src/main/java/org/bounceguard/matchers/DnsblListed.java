package org.bounceguard.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.james.DnsblService;
import org.bounceguard.james.MailetContainerLayout;
import org.bounceguard.james.Parameters;
import org.bounceguard.net.DomainNames;
import org.bounceguard.net.Values;

import com.google.common.collect.ImmutableSet;

/**
 * Matches mail that one of the named zones lists, according to the verdict stored by
 * {@code DnsblCheck}: {@code match="org.bounceguard.matchers.DnsblListed=zen.spamhaus.org, bl.spamcop.net"}.
 * Each name must be one a {@code DnsblCheck} of {@code mailetcontainer.xml} looks up (its display
 * name when it has one): a misspelt zone would never match, so it stops James's start-up, naming
 * the nearest zone there is.
 */
public class DnsblListed extends GenericMatcher {
    private final Optional<MailetContainerLayout> layout;
    private Set<String> zones;

    /** Without James's configuration to check the names against (benchmarks, tests). */
    public DnsblListed() {
        this.layout = Optional.empty();
    }

    @Inject
    public DnsblListed(ConfigurationProvider configurationProvider, DnsblService dnsblService) {
        this.layout = MailetContainerLayout.read(configurationProvider, dnsblService.zoneKeys());
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        zones = Values.list(condition).stream().map(DomainNames::fold).collect(ImmutableSet.toImmutableSet());
        Parameters parameters = new Parameters("DnsblListed");
        if (zones.isEmpty()) {
            throw parameters.error("condition", "is required: one or more zone names, e.g. DnsblListed=zen.spamhaus.org");
        }
        if (layout.isPresent()) {
            Set<String> lookedUp = layout.get().dnsblCheckZones();
            for (String zone : zones) {
                if (!lookedUp.contains(zone)) {
                    throw parameters.error("condition", "names '" + zone + "', which no DnsblCheck looks up, so it would never match"
                        + Values.nearest(zone, lookedUp).map(near -> "; did you mean '" + near + "'?").orElse("")
                        + " (zones: " + (lookedUp.isEmpty() ? "none: mailetcontainer.xml has no DnsblCheck" : String.join(", ", new TreeSet<>(lookedUp))) + ")");
                }
            }
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean listed = DnsblFinding.listedZones(mail).stream().anyMatch(zones::contains);
        return listed ? mail.getRecipients() : List.of();
    }
}
