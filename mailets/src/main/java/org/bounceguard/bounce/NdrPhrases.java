package org.bounceguard.bounce;

import java.util.List;

/**
 * The phrasings of plain-text delivery reports, by family. Lowercase, matched as substrings of
 * the ASCII-lowercased report text (never as regular expressions). A family is a way of saying
 * "not delivered" that one or more MTAs share, not one file of the corpus: what matters for new
 * senders is that the wording families are covered.
 */
final class NdrPhrases {
    private NdrPhrases() {
    }

    static final int NOT_DELIVERED_FAMILY = 0;
    static final int STILL_TRYING_FAMILY = 1;
    static final int GAVE_UP_FAMILY = 2;
    static final int ORIGINAL_FOLLOWS_FAMILY = 3;
    static final int REASON_FAMILY = 4;
    static final int PERMANENT_REASON_FAMILY = 5;

    /** Wordings that say a message was not (or not yet) delivered. */
    static final List<String> NOT_DELIVERED = List.of(
        // qmail and its descendants (vpopmail, Yahoo's old MTA)
        "this is the qmail-send program",
        "i wasn't able to deliver your message",
        "sorry, we were unable to deliver your message",
        // Sendmail, V5 sendmail, McAfee, Biglobe, Active!hunter
        "the following addresses had permanent fatal errors",
        "the following addresses had delivery problems",
        "the following addresses had transient non-fatal errors",
        "----- transcript of session follows -----",
        "transcript of session follows.",
        "----- unsent message follows -----",
        "----- non-delivered information -----",
        // Exim, GMX, Zoho, MXLogic, demon.net
        "this message was created automatically by mail delivery software",
        "this message was created automatically by mail delivery",
        "could not be delivered to one or more",
        "could not be delivered to all of its recipients",
        // Postfix
        "returned permanent errors",
        "there was an error sending your mail",
        "i'm sorry to have to inform you that",
        "this is the mail system at host",
        // Exchange, Office 365, Outlook.com, Hotmail
        "delivery has failed to these recipients or groups",
        "your message did not reach some or all of the intended recipients",
        "did not reach the following recipient",
        "your message couldn't be delivered",
        "your message wasn't delivered",
        "delivery to the following recipients failed",
        "delivery to the following recipient failed",
        "delivery to the following recipient has been delayed",
        "delivery to the following recipients has been delayed",
        "this is an automatically generated delivery status notification",
        // Lotus Notes / Domino
        "was not delivered to:",
        "not listed in domino directory",
        "not listed in public name & address book",
        // Gmail / Google Groups
        "technical details of permanent failure",
        "technical details of temporary failure",
        "the error that the other server returned was",
        "we're writing to let you know that the group you tried to contact",
        // DragonFly Mail Agent, OpenSMTPD, Courier, MailFoundry, Amazon WorkMail, IMail, InterScan, ...
        "there was an error delivering your mail to",
        "an error has occurred while attempting to deliver a message",
        "an error occurred while trying to deliver the mail",
        "the following message to <",
        "unable to deliver message to",
        "delivery failed for the following reason",
        "the following mail could not be delivered",
        "your message could not be sent",
        "this message could not be delivered",
        "message could not be delivered",
        "mail could not be delivered",
        "could not be delivered to:",
        "could not be delivered because",
        "your mail could not be delivered",
        "undeliverable to ",
        "unknown user:",
        "invalid final delivery userid",
        "failed addresses follow",
        "this is a delivery failure notification message",
        "delivery failure notification",
        "your message was not delivered",
        "message was not delivered",
        "message delivery has failed",
        "permanent delivery failure",
        "delivery to the following",
        "the following recipients were affected",
        "your message to:",
        "no valid recipients",
        "undeliverable mail",
        "returned mail: ",
        "the original message was received at",
        "the message you sent to",
        "recipient address rejected",
        "error message below:",
        "requested action not taken",
        "delivery status notification",
        // more families seen in the wild: Gmail's newer wording, Notes, InterScan, Exchange 2000/2007,
        // SendGrid, Facebook, X1-style MTAs
        "** address not found **",
        "** message not delivered **",
        "message not delivered",
        "------- failure reasons",
        "could not deliver mail to this user",
        "the following addresses had delivery errors",
        "could not be reached",
        "diagnostic information for administrators",
        "delivery to the following recipients was aborted",
        "this is an automatically generated message from sendgrid",
        "this message was created automatically by facebook",
        "was undeliverable",
        "delivery to this recipient failed",
        "message delivery failed",
        // German, French, Spanish, Italian, Portuguese
        "konnte nicht zugestellt werden",
        "nicht zugestellt werden",
        "n'a pas pu \u00eatre remis",
        "n'a pas pu etre remis",
        "n'a pas pu \u00eatre distribu\u00e9",
        "no se ha podido entregar",
        "no pudo ser entregado",
        "non \u00e8 stato possibile recapitare",
        "impossibile recapitare",
        "n\u00e3o p\u00f4de ser entregue",
        // Japanese carriers and filters (decoded from ISO-2022-JP / UTF-8)
        "\u9001\u4fe1\u3067\u304d\u307e\u305b\u3093", // "could not send"
        "\u9001\u4fe1\u306b\u5931\u6557\u3057\u307e\u3057\u305f", // "sending failed"
        "\u914d\u4fe1\u3067\u304d\u307e\u305b\u3093", // "could not deliver"
        // Chinese: "cannot be delivered", "delivery failed", "could not reach", "sending failed"
        "\u65e0\u6cd5\u6295\u9012", "\u6295\u9012\u5931\u8d25", "\u65e0\u6cd5\u9001\u8fbe", "\u53d1\u9001\u5931\u8d25",
        "non-delivery report",
        "non-delivery notification"
    );

    /**
     * Why a recipient could not be reached, in the words notices of every vendor share. Alone
     * they prove nothing (ordinary mail talks of full mailboxes too); from a machine sender or
     * under a bounce subject, next to an address, they make a report.
     */
    static final List<String> REASON = List.of(
        "mailbox full", "mailbox is full", "mailbox unavailable", "mailbox not available", "mailbox is unavailable",
        "over quota", "over its quota", "quota exceeded", "exceeded storage", "insufficient storage",
        "temporarily unavailable", "host not found", "domain not found", "relay denied", "relaying denied",
        "spam", "content filter", "prohibited content", "policy violation", "message too large", "too many recipients");

    /** Reasons that say the recipient will never be reached: they also settle failure against delay. */
    static final List<String> PERMANENT_REASON = List.of(
        "user unknown", "unknown user", "no such user", "no such recipient", "no such mailbox", "unknown recipient",
        "recipient unknown", "invalid recipient", "invalid address", "address rejected", "does not exist",
        "not recognized", "not recognised", "was rejected", "was refused", "were refused", "was blocked",
        "has been blocked", "virus", "no longer valid", "account disabled", "account has been disabled",
        "\u7528\u6237\u4e0d\u5b58\u5728" // Chinese "user does not exist"
    );

    /** Wordings of a warning that delivery is still being tried. */
    static final List<String> STILL_TRYING = List.of(
        "has not yet been delivered",
        "has been delayed",
        "delivery is delayed",
        "delivery has been delayed",
        "this is a warning message only",
        "warning only",
        "will be retried",
        "still being retried",
        "will continue to try",
        "will keep trying",
        "will try to deliver",
        "transient non-fatal errors",
        "delays in delivering your message",
        "delivery delayed"
    );

    /** Wordings that say the MTA gave up: they win over any "still trying" wording. */
    static final List<String> GAVE_UP = List.of(
        "permanent error",
        "permanent failure",
        "failed permanently",
        "permanent fatal errors",
        "i've given up",
        "giving up",
        "not going to try again",
        "will not be retried",
        "delivery expired",
        "delivery failed",
        "could not be delivered",
        "unable to deliver",
        "was not delivered",
        "did not reach"
    );

    /** Subjects of the bounce families, lowercase (decoded words are not decoded: ASCII subjects only). */
    static final List<String> BOUNCE_SUBJECTS = List.of(
        "undeliver", "undelivered", "delivery status notification", "returned mail", "failure notice",
        "delivery fail", "delivery failure", "mail delivery", "non-delivery", "nondeliver", "not delivered",
        "could not be delivered", "delayed mail", "delivery delayed", "mail system error", "returned to sender",
        "returning to sender", "delivery problem", "mail failed", "message delivery", "delivery notification",
        "delivery status", "failure notification", "warning: could not send", "delivery_status_notification",
        "undeliverable", "rejected", "aws notification message", "not be delivered", "unable to deliver",
        "message not delivered", "delivery report", "could not send message", "mail returned", "returned message",
        "unzustellbar", "nicht zustellbar", "non remis", "non recapitabile", "no entregado", "n\u00e3o entregue", "complaint about message", "abuse report", "mail could not be delivered",
        // a gateway's or a generic administrator's notice: what happened, not who sent it
        "processing error", "failed mail", "blocked message", "message blocked", "user unknown", "delivery error",
        "\u30a8\u30e9\u30fc\u901a\u77e5", // Japanese "error notification"
        "\u6295\u9012\u5931\u8d25" // Chinese "delivery failed"
        );

    /** Subjects of vacation notices and other RFC 3834 answers. */
    static final List<String> AUTO_REPLY_SUBJECTS = List.of(
        "automatic reply", "auto reply", "auto-reply", "autoreply", "auto response", "autoresponse",
        "out of office", "out of the office", "away from", "vacation", "abwesenheit", "absence");

    /** Lines that introduce a quoted copy of the returned message's header. */
    static final List<String> ORIGINAL_FOLLOWS = List.of(
        "original message follows", "message headers follow", "copy of the message", "original message header",
        "unsent message follows", "message text follows", "original message:", "copy of the message header",
        "headers of the original message", "original message headers", "header of the failed mail", "headers of the refused message",
        "the message headers follow");

    static final int BOUNCE_SUBJECT_FAMILY = 0;
    static final int AUTO_REPLY_SUBJECT_FAMILY = 1;
    /** The two subject families, searched in one pass. */
    static final PhraseSet SUBJECTS = new PhraseSet(List.of(BOUNCE_SUBJECTS, AUTO_REPLY_SUBJECTS));

    /** The six families above, searched in one pass ({@link PhraseSet#firstOfEach}), indexed by the *_FAMILY constants. */
    static final PhraseSet REPORT_TEXT = new PhraseSet(List.of(NOT_DELIVERED, STILL_TRYING, GAVE_UP, ORIGINAL_FOLLOWS, REASON, PERMANENT_REASON));
}
