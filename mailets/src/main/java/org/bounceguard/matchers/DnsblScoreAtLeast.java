package org.bounceguard.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.mailetbase.Parameters;

/**
 * Matches mail whose DNSBL score (stored by {@code DnsblCheck}) is at least the condition:
 * {@code match="org.bounceguard.matchers.DnsblScoreAtLeast=3"}. Mail without a verdict does not match.
 */
public class DnsblScoreAtLeast extends GenericMatcher {
    private int threshold;

    @Override
    public void init() throws MessagingException {
        threshold = new Parameters("DnsblScoreAtLeast").integer("condition", getCondition());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return DnsblFinding.score(mail)
            .filter(score -> score >= threshold)
            .map(score -> mail.getRecipients())
            .orElse(List.of());
    }
}
