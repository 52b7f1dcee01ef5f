package org.bounceguard.benchmarks.scorecard;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message of the traffic mix. Its token ({@code sc-<kind>-<n>}) is in its Message-ID, its
 * Subject and its body, and, for spam, in the forged victim address, so that whatever the mail
 * turns into - a DSN returning its headers, a vacation reply, a Sieve MDN, a quarantined copy - can
 * be tied back to it.
 */
record Case(Kind kind, int number) {
    private static final Pattern TOKEN = Pattern.compile("sc-([a-z0-9-]+?)-(\\d+)\\b");

    /** What the message is and who sends it. */
    enum Kind {
        SPAM_UNKNOWN_USER_PUBLIC("spam with a forged victim sender to an unknown user, public listener", Group.SPAM, Path.NDR, true),
        SPAM_UNKNOWN_USER_PUBLIC_UNLISTED("the same from an unlisted client", Group.SPAM, Path.NDR, false),
        SPAM_UNKNOWN_USER_BACKUP_MX("spam with a forged victim sender to an unknown user, accept-then-check listener", Group.SPAM, Path.NDR, true),
        SPAM_UNKNOWN_USER_BACKUP_MX_UNLISTED("the same from an unlisted client", Group.SPAM, Path.NDR, false),
        SPAM_TO_VACATION("spam with a forged victim sender to a user whose vacation reply is on", Group.SPAM, Path.VACATION, true),
        SPAM_TO_VACATION_UNLISTED("the same from an unlisted client", Group.SPAM, Path.VACATION, false),
        SPAM_TO_SIEVE_REJECT("spam with a forged victim sender to a user whose Sieve script rejects it", Group.SPAM, Path.SIEVE, true),
        SPAM_TO_SIEVE_REJECT_UNLISTED("the same from an unlisted client", Group.SPAM, Path.SIEVE, false),
        SPAM_TO_FAILING_FORWARD("spam with a forged victim sender to a forward whose remote delivery fails", Group.SPAM, Path.FORWARD_FAILURE, true),
        SPAM_TO_FAILING_FORWARD_UNLISTED("the same from an unlisted client", Group.SPAM, Path.FORWARD_FAILURE, false),
        DICTIONARY_SPAM_TO_RELAYED_DOMAIN("dictionary spam with a forged victim sender to unknown users of a relayed domain (we are its MX, a Postfix behind us its backend), unlisted client",
            Group.SPAM, Path.RELAYED_DOMAIN, false),
        SPAM_TO_BOUNCING_FORWARD("spam with a forged victim sender to a forward whose outside mailbox accepts it, then bounces it", Group.SPAM, Path.FORWARD_BOUNCE, true),
        SPAM_TO_BOUNCING_FORWARD_UNLISTED("the same from an unlisted client", Group.SPAM, Path.FORWARD_BOUNCE, false),
        PARTNER_TO_BOUNCING_FORWARD("partner mail to a forward whose outside mailbox accepts it, then bounces it (the provider's DSN to the partner)",
            Group.LEGITIMATE_NDR, Path.NONE, false),
        PARTNER_TO_UNKNOWN_USER_PUBLIC("partner mail to an unknown user, public listener (the partner's Postfix writes the NDR)", Group.LEGITIMATE_NDR, Path.NONE, false),
        PARTNER_TO_UNKNOWN_USER_BACKUP_MX("partner mail to an unknown user, accept-then-check listener (James writes the NDR)", Group.LEGITIMATE_NDR, Path.NONE, false),
        OURS_TAGGED_FROM_PARTNER("our mail to a missing partner user: the partner's DSN to the BATV-tagged envelope sender", Group.LEGITIMATE_BOUNCE, Path.NONE, false),
        OURS_TAGGED_FROM_LISTED_PEER("the same, from a Backscatterer-listed peer", Group.LEGITIMATE_BOUNCE, Path.NONE, false),
        OURS_LEDGER_FROM_PARTNER("our mail from an unsigned domain: the DSN to the From: address (the ledger)", Group.LEGITIMATE_BOUNCE, Path.NONE, false),
        OURS_LEDGER_FROM_LISTED_PEER("the same, from a Backscatterer-listed peer", Group.LEGITIMATE_BOUNCE, Path.NONE, false),
        FORGED_BOUNCE_FROM_PARTNER("a forged bounce with returned headers, from an unlisted peer (spam forging our user, bounced by Postfix)", Group.FORGED_BOUNCE, Path.NONE, false),
        FORGED_BOUNCE_FROM_LISTED_PEER("the same, from a Backscatterer-listed peer", Group.FORGED_BOUNCE, Path.NONE, false),
        FORGED_BARE_BOUNCE("a forged bounce without returned headers, from a listed client", Group.FORGED_BOUNCE, Path.NONE, true),
        FORGED_BARE_BOUNCE_UNLISTED("the same, from an unlisted client", Group.FORGED_BOUNCE, Path.NONE, false),
        FORGED_QUOTING_REAL_ID_TO_MANY("a forged bounce quoting the real Message-ID of carol's mail, to carol, alice and bob (the forger does not know whom the mail went to)",
            Group.FORGED_BOUNCE, Path.NONE, false),
        FORGED_AFTER_LEDGER_POISONING("a forged bounce quoting the Message-ID of spam that forged carol's address and went out through our forward",
            Group.FORGED_BOUNCE, Path.NONE, false),
        FORGED_REPLAY_FROM_THREE_SOURCES("three copies of a genuine bounce (its real Message-ID and recipient) from three clients, after it arrived",
            Group.FORGED_BOUNCE, Path.NONE, false),
        FORGED_WITHOUT_MESSAGE_ID("a forged DSN returning headers that name our relay but no Message-ID, to carol (a domain that does not sign)",
            Group.FORGED_BOUNCE, Path.NONE, false),
        FORGED_BOUNCE_STORM("a bounce storm: forged DSNs to one user, dave, " + Traffic.STORM_FACTOR + " times as many as of each other kind",
            Group.FORGED_BOUNCE, Path.NONE, false),
        NULL_MX_SENDER("mail from a sender whose domain has a null MX (MX 0 .: no answer to it can ever be delivered)",
            Group.SPAM, Path.NONE, false);

        final String description;
        final Group group;
        final Path backscatterPath;
        final boolean fromListedClient;

        Kind(String description, Group group, Path backscatterPath, boolean fromListedClient) {
            this.description = description;
            this.group = group;
            this.backscatterPath = backscatterPath;
            this.fromListedClient = fromListedClient;
        }

        String slug() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Optional<Kind> ofSlug(String slug) {
            for (Kind kind : values()) {
                if (kind.slug().equals(slug)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** What the table reports the message under. */
    enum Group { SPAM, LEGITIMATE_NDR, LEGITIMATE_BOUNCE, FORGED_BOUNCE }

    /** How an answer to a spam's forged sender would leave this server. */
    enum Path {
        NDR("NDR"), VACATION("vacation"), SIEVE("Sieve"), FORWARD_FAILURE("forward failure"),
        RELAYED_DOMAIN("NDR of a relayed domain's backend"), FORWARD_BOUNCE("forward bounced outside"), NONE("-");

        final String label;

        Path(String label) {
            this.label = label;
        }
    }

    String token() {
        return "sc-" + kind.slug() + "-" + number;
    }

    static java.util.Set<Case> tokensIn(String text) {
        java.util.Set<Case> found = new java.util.LinkedHashSet<>();
        Matcher matcher = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            Kind.ofSlug(matcher.group(1)).ifPresent(kind -> found.add(new Case(kind, Integer.parseInt(matcher.group(2)))));
        }
        return found;
    }
}
