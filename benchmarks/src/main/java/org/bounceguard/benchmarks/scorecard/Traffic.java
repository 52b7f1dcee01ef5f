package org.bounceguard.benchmarks.scorecard;

import static org.bounceguard.benchmarks.scorecard.OutsideWorld.BIGMAIL;
import static org.bounceguard.benchmarks.scorecard.OutsideWorld.OUR_DOMAIN;
import static org.bounceguard.benchmarks.scorecard.OutsideWorld.PARTNER;
import static org.bounceguard.benchmarks.scorecard.OutsideWorld.PARTNER_ADDRESS;
import static org.bounceguard.benchmarks.scorecard.OutsideWorld.UNSIGNED_DOMAIN;
import static org.bounceguard.benchmarks.scorecard.OutsideWorld.VICTIM;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bounceguard.testsupport.SmtpClient;

/**
 * The traffic mix: {@code perKind} messages of every {@link Case.Kind}, in an order shuffled by
 * {@code seed}, so that every run (and both sides of one run) sends exactly the same mail.
 */
final class Traffic {
    static final String ALICE = "alice@" + OUR_DOMAIN;
    static final String BOB = "bob@" + OUR_DOMAIN;
    static final String VACATIONING = "vacationing@" + OUR_DOMAIN;
    static final String SIEVE_REJECTING = "strict@" + OUR_DOMAIN;
    static final String FORWARD = "forward@" + OUR_DOMAIN;
    static final String FORWARD_TARGET = "gone@" + PARTNER;
    static final String CAROL = "carol@" + UNSIGNED_DOMAIN;
    /** The user whose address a spam run forged: the target of the bounce storm. */
    static final String DAVE = "dave@" + OUR_DOMAIN;
    /** The bounce storm sends this many times {@code perKind} messages: enough to pass the sample's storm.threshold. */
    static final int STORM_FACTOR = 20;
    /** A forward that works: the attacker's way to have James send his mail out under carol's name. */
    static final String WORKING_FORWARD = "relay@" + OUR_DOMAIN;
    static final String WORKING_FORWARD_TARGET = "p-forwarded@" + PARTNER;
    /** A forward to an outside mailbox that accepts the mail and then bounces it itself (the partner's Postfix, an unknown user). */
    static final String BOUNCING_FORWARD = "moved@" + OUR_DOMAIN;
    static final String BOUNCING_FORWARD_TARGET = "x-moved@" + PARTNER;
    /** James forwards only a user's mail: the forward's base is a user too (its mail does not stay here). */
    static final List<String> OUR_USERS = List.of(ALICE, BOB, VACATIONING, SIEVE_REJECTING, CAROL, FORWARD, WORKING_FORWARD, DAVE, BOUNCING_FORWARD);
    /** The attacks whose forged bounces need what the first pass did (a genuine mail, its genuine bounce) and so follow it. */
    static final List<Case.Kind> FOLLOW_UPS = List.of(Case.Kind.FORGED_QUOTING_REAL_ID_TO_MANY, Case.Kind.FORGED_AFTER_LEDGER_POISONING,
        Case.Kind.FORGED_REPLAY_FROM_THREE_SOURCES);

    private final List<Case> cases;
    private final Map<Case, String> clientAddresses = new LinkedHashMap<>();

    Traffic(int perKind, long seed) {
        List<Case> mix = new ArrayList<>();
        int listed = 0;
        int unlisted = 0;
        for (Case.Kind kind : Case.Kind.values()) {
            int count = kind == Case.Kind.FORGED_BOUNCE_STORM ? perKind * STORM_FACTOR : perKind;
            for (int n = 1; n <= count; n++) {
                Case message = new Case(kind, n);
                mix.add(message);
                if (kind.fromListedClient) {
                    clientAddresses.put(message, "127.7." + (listed / 250) + "." + (listed % 250 + 1));
                    listed++;
                } else {
                    clientAddresses.put(message, "127.8." + (unlisted / 250) + "." + (unlisted % 250 + 1));
                    unlisted++;
                }
            }
        }
        Collections.shuffle(mix, new Random(seed));
        this.cases = List.copyOf(mix);
    }

    List<Case> cases() {
        return cases;
    }

    /**
     * Listed spam clients alternate between zen (score 3: the quarantine) and SpamCop alone (score 2:
     * delivered, so the guards in front of every answer are what stands between the spam and its
     * forged sender).
     */
    List<String> clientsListedIn(String zone) {
        List<String> addresses = new ArrayList<>();
        clientAddresses.forEach((message, address) -> {
            if (message.kind().fromListedClient) {
                boolean zen = message.number() % 2 == 0;
                if (zen == zone.equals("zen.spamhaus.org")) {
                    addresses.add(address);
                }
            }
        });
        return addresses;
    }

    /** What happened to each message at SMTP time: the reply to the last command. */
    Map<Case, SmtpClient.Outcome> send(Endpoints endpoints) throws IOException {
        Map<Case, SmtpClient.Outcome> outcomes = new LinkedHashMap<>();
        for (Case message : cases) {
            if (message.kind() != Case.Kind.FORGED_QUOTING_REAL_ID_TO_MANY && message.kind() != Case.Kind.FORGED_REPLAY_FROM_THREE_SOURCES) {
                outcomes.put(message, send(message, endpoints));
            }
        }
        return outcomes;
    }

    /**
     * The forged bounces of the {@link #FOLLOW_UPS} attacks, once the first pass has settled: they
     * quote what it produced - carol's real Message-IDs (those of {@code OURS_LEDGER_FROM_PARTNER}
     * with the same number, whose genuine bounce has arrived by then) and the spam the attacker had
     * forwarded. Outcomes merged into {@code outcomes}, a refusal winning.
     */
    void sendFollowUps(Endpoints to, Map<Case, SmtpClient.Outcome> outcomes) throws IOException {
        for (Case message : cases) {
            if (!FOLLOW_UPS.contains(message.kind())) {
                continue;
            }
            String token = message.token();
            String client = clientAddresses.get(message);
            String carolsMail = new Case(Case.Kind.OURS_LEDGER_FROM_PARTNER, message.number()).token();
            String carolsMessageId = "<" + carolsMail + "@" + UNSIGNED_DOMAIN + ">";
            List<SmtpClient.Outcome> replies = new ArrayList<>();
            switch (message.kind()) {
                case FORGED_QUOTING_REAL_ID_TO_MANY -> replies.add(to.publicListener().send(client, "mx.somewhere.example", "",
                    List.of(CAROL, ALICE, BOB), forgedDsn(token, CAROL, "postmaster@" + PARTNER, carolsMessageId)));
                case FORGED_AFTER_LEDGER_POISONING -> replies.add(to.publicListener().send(client, "mx.somewhere.example", "", CAROL,
                    forgedDsn(token, CAROL, WORKING_FORWARD_TARGET, "<" + token + "@" + UNSIGNED_DOMAIN + ">")));
                case FORGED_REPLAY_FROM_THREE_SOURCES -> {
                    for (int source = 1; source <= 3; source++) {
                        replies.add(to.publicListener().send("127.9." + message.number() + "." + source, "mx." + PARTNER, "", CAROL,
                            forgedDsn(token, CAROL, "nobody-" + carolsMail + "@" + PARTNER, carolsMessageId)));
                    }
                }
                default -> throw new IllegalStateException(message.kind().name());
            }
            SmtpClient.Outcome reply = replies.stream().filter(one -> !one.accepted()).findFirst().orElse(replies.get(replies.size() - 1));
            outcomes.merge(message, reply, (first, second) -> first.accepted() ? second : first);
        }
    }

    /** Where mail enters: our two listeners and the remote domains' Postfix instances. */
    record Endpoints(SmtpClient publicListener, SmtpClient backupMx, SmtpClient partnerPostfix, SmtpClient bigmailPostfix) {
    }

    private SmtpClient.Outcome send(Case message, Endpoints to) throws IOException {
        String token = message.token();
        String client = clientAddresses.get(message);
        String forgedVictim = "v-" + token + "@" + VICTIM;
        switch (message.kind()) {
            case SPAM_UNKNOWN_USER_PUBLIC, SPAM_UNKNOWN_USER_PUBLIC_UNLISTED:
                return spam(to.publicListener(), client, forgedVictim, "unknown-" + token + "@" + OUR_DOMAIN, token);
            case SPAM_UNKNOWN_USER_BACKUP_MX, SPAM_UNKNOWN_USER_BACKUP_MX_UNLISTED:
                return spam(to.backupMx(), client, forgedVictim, "unknown-" + token + "@" + OUR_DOMAIN, token);
            case SPAM_TO_VACATION, SPAM_TO_VACATION_UNLISTED:
                return spam(to.publicListener(), client, forgedVictim, VACATIONING, token);
            case SPAM_TO_SIEVE_REJECT, SPAM_TO_SIEVE_REJECT_UNLISTED:
                return spam(to.publicListener(), client, forgedVictim, SIEVE_REJECTING, token);
            case SPAM_TO_FAILING_FORWARD, SPAM_TO_FAILING_FORWARD_UNLISTED:
                return spam(to.publicListener(), client, forgedVictim, FORWARD, token);
            case DICTIONARY_SPAM_TO_RELAYED_DOMAIN:
                return spam(to.publicListener(), client, forgedVictim, "unknown-" + token + "@" + OutsideWorld.RELAYED, token);
            case SPAM_TO_BOUNCING_FORWARD, SPAM_TO_BOUNCING_FORWARD_UNLISTED:
                return spam(to.publicListener(), client, forgedVictim, BOUNCING_FORWARD, token);
            case PARTNER_TO_BOUNCING_FORWARD:
                return mail(to.publicListener(), PARTNER_ADDRESS, "p-" + token + "@" + PARTNER, BOUNCING_FORWARD, token);
            case PARTNER_TO_UNKNOWN_USER_PUBLIC:
                // handed to the partner's Postfix, which relays it to us and writes the NDR itself
                return mail(to.partnerPostfix(), "127.0.0.1", "p-" + token + "@" + PARTNER, "unknown-" + token + "@" + OUR_DOMAIN, token);
            case PARTNER_TO_UNKNOWN_USER_BACKUP_MX:
                return mail(to.backupMx(), PARTNER_ADDRESS, "p-" + token + "@" + PARTNER, "unknown-" + token + "@" + OUR_DOMAIN, token);
            case OURS_TAGGED_FROM_PARTNER:
                return mail(to.publicListener(), "127.0.0.1", ALICE, "nobody-" + token + "@" + PARTNER, token);
            case OURS_TAGGED_FROM_LISTED_PEER:
                return mail(to.publicListener(), "127.0.0.1", ALICE, "nobody-" + token + "@" + BIGMAIL, token);
            case OURS_LEDGER_FROM_PARTNER:
                return mail(to.publicListener(), "127.0.0.1", CAROL, "nobody-" + token + "@" + PARTNER, token);
            case OURS_LEDGER_FROM_LISTED_PEER:
                return mail(to.publicListener(), "127.0.0.1", CAROL, "nobody-" + token + "@" + BIGMAIL, token);
            case FORGED_BOUNCE_FROM_PARTNER:
                // spam forging bob's address, handed to the partner, which bounces it to bob
                return mail(to.partnerPostfix(), "127.0.0.1", BOB, "nobody-" + token + "@" + PARTNER, token);
            case FORGED_BOUNCE_FROM_LISTED_PEER:
                return mail(to.bigmailPostfix(), "127.0.0.1", BOB, "nobody-" + token + "@" + BIGMAIL, token);
            case FORGED_BARE_BOUNCE, FORGED_BARE_BOUNCE_UNLISTED:
                return to.publicListener().send(client, "mx.somewhere.example", "", BOB, bareBounce(token));
            case FORGED_AFTER_LEDGER_POISONING:
                // the seed: spam with carol's address (sender and From:) and a Message-ID of the attacker's choosing,
                // <token@plain.test>, to a forward going out
                return spam(to.publicListener(), client, CAROL, WORKING_FORWARD, token);
            case NULL_MX_SENDER:
                // whatever answers it - an NDR, a reply, a vacation notice - can never be delivered
                return spam(to.publicListener(), client, "n-" + token + "@" + OutsideWorld.NULL_MX, ALICE, token);
            case FORGED_WITHOUT_MESSAGE_ID:
                return to.publicListener().send(client, "mx.somewhere.example", "", CAROL, forgedDsn(token, CAROL, "someone@" + PARTNER, null));
            case FORGED_BOUNCE_STORM:
                return to.publicListener().send(client, "mx.somewhere.example", "", DAVE,
                    forgedDsn(token, DAVE, "someone@" + PARTNER, "<" + token + "@" + OUR_DOMAIN + ">"));
            default:
                throw new IllegalStateException(message.kind().name());
        }
    }

    private static SmtpClient.Outcome spam(SmtpClient listener, String client, String forgedSender, String recipient, String token) throws IOException {
        return listener.send(client, "spam-cannon.example", forgedSender, recipient, message(forgedSender, recipient, token, "Cheap watches"));
    }

    /**
     * A forger's DSN as the README's reader writes it: a status part naming {@code reported}, and
     * returned headers whose Received names our relay, with {@code quotedMessageId} when not null.
     */
    private static String forgedDsn(String token, String to, String reported, String quotedMessageId) {
        return "From: Mail Delivery System <MAILER-DAEMON@mx.somewhere.example>\r\n"
            + "To: " + to + "\r\n"
            + "Subject: Undelivered Mail Returned to Sender [" + token + "]\r\n"
            + "Message-ID: <" + token + "@mx.somewhere.example>\r\n"
            + "Date: Tue, 01 Dec 2026 12:00:00 +0000\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"forged\"\r\n"
            + "\r\n"
            + "--forged\r\nContent-Type: text/plain\r\n\r\nYour mailbox is suspended: log in at http://phish.example/ (" + token + ")\r\n"
            + "--forged\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.somewhere.example\r\n\r\n"
            + "Final-Recipient: rfc822; " + reported + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            + "--forged\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + "Received: from laptop ([127.0.0.1]) by mx.bounceguard.test; Tue, 01 Dec 2026 11:59:00 +0000\r\n"
            + (quotedMessageId == null ? "" : "Message-ID: " + quotedMessageId + "\r\n")
            + "From: " + to + "\r\nSubject: A question\r\n"
            + "--forged--\r\n";
    }

    private static SmtpClient.Outcome mail(SmtpClient server, String client, String sender, String recipient, String token) throws IOException {
        return server.send(client, "client.example", sender, recipient, message(sender, recipient, token, "A question"));
    }

    private static String message(String from, String to, String token, String subject) {
        String domain = from.substring(from.indexOf('@') + 1);
        return "From: " + from + "\r\n"
            + "To: " + to + "\r\n"
            + "Subject: " + subject + " [" + token + "]\r\n"
            + "Message-ID: <" + token + "@" + domain + ">\r\n"
            + "Date: Tue, 01 Dec 2026 12:00:00 +0000\r\n"
            + "\r\n"
            + "Message " + token + ".\r\n";
    }

    /** A forger's bounce: a failure notice in words, no status part, no returned headers. */
    private static String bareBounce(String token) {
        return "From: Mail Delivery System <MAILER-DAEMON@mx.somewhere.example>\r\n"
            + "To: " + BOB + "\r\n"
            + "Subject: Undelivered Mail Returned to Sender [" + token + "]\r\n"
            + "Message-ID: <" + token + "@mx.somewhere.example>\r\n"
            + "Date: Tue, 01 Dec 2026 12:00:00 +0000\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "\r\n"
            + "This is the mail system at host mx.somewhere.example.\r\n\r\n"
            + "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
            + "<someone@somewhere.example>: host said: 550 5.1.1 User unknown (" + token + ")\r\n";
    }
}
