package org.bounceguard.findings;

import java.util.List;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;

/**
 * What was found about where a mail came from - its DNSBL verdict and James's SPF result - handed
 * to a mail a mailet makes from it: a Sieve {@code redirect} builds a new mail without the
 * original's attributes, so without this the redirected copy would look like it came from
 * nowhere (no verdict, no SPF result) to the NDR guard and to {@code SrsForward}, which judge it
 * by its source.
 */
public final class SourceFindings {
    private static final List<AttributeName> NAMES = List.of(DnsblFinding.SCORE, DnsblFinding.LISTED, DnsblFinding.REASONS,
        DnsblFinding.ERRORS, DnsblFinding.SAFE_LISTED, DnsblFinding.CLIENT, DnsblFinding.SUMMARY, MailFacts.SPF_RESULT);

    private SourceFindings() {
    }

    /** Copies {@code from}'s source findings onto {@code to}, unless {@code to} has a DNSBL verdict or SPF result of its own. */
    public static void carry(Mail from, Mail to) {
        if (from == to || DnsblFinding.isPresent(to) || to.getAttribute(MailFacts.SPF_RESULT).isPresent()) {
            return;
        }
        for (AttributeName name : NAMES) {
            from.getAttribute(name).ifPresent(to::setAttribute);
        }
    }
}
