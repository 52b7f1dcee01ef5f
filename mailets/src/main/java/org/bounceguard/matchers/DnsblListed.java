package org.bounceguard.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.mailetbase.Parameters;
import org.bounceguard.net.DomainNames;
import org.bounceguard.net.Values;

import com.google.common.collect.ImmutableSet;

/**
 * Matches mail that one of the named zones lists, according to the verdict stored by
 * {@code DnsblCheck}: {@code match="org.bounceguard.matchers.DnsblListed=zen.spamhaus.org, bl.spamcop.net"}.
 */
public class DnsblListed extends GenericMatcher {
    private Set<String> zones;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        zones = Values.list(condition).stream().map(DomainNames::fold).collect(ImmutableSet.toImmutableSet());
        if (zones.isEmpty()) {
            throw new Parameters("DnsblListed").error("condition", "is required: one or more zone names, e.g. DnsblListed=zen.spamhaus.org");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean listed = DnsblFinding.listedZones(mail).stream().anyMatch(zones::contains);
        return listed ? mail.getRecipients() : List.of();
    }
}
