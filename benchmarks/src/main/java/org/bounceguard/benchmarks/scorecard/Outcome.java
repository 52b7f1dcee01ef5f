package org.bounceguard.benchmarks.scorecard;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bounceguard.testsupport.SmtpClient;

/**
 * Where every message of one side ended up, and the scorecard's rows computed from that. A message
 * is accounted for when it, or what it became (a DSN returning its headers, a reply, a quarantined
 * copy), is found in a mailbox of ours or of a remote domain, in a mail repository, or was refused
 * during the SMTP dialogue.
 */
final class Outcome {
    static final String REFUSED_AT_SMTP = "refused at SMTP";
    static final String VICTIM_MAILBOX = "victim.test mailbox";
    static final String PARTNER_MAILBOX = "partner mailbox";
    /** A remote MTA's own bounce that we refused at SMTP, kept by it as a double bounce. */
    static final String REFUSED_REMOTE_BOUNCE = "its remote bounce refused at SMTP";

    final String side;
    final Map<Case, Set<String>> places = new LinkedHashMap<>();
    final Map<Case.Path, Integer> backscatterByPath = new EnumMap<>(Case.Path.class);
    int backscatterMessages;

    Outcome(String side, List<Case> cases) {
        this.side = side;
        cases.forEach(message -> places.put(message, new TreeSet<>()));
    }

    void refusals(Map<Case, SmtpClient.Outcome> smtp) {
        smtp.forEach((message, reply) -> {
            if (!reply.accepted()) {
                places.get(message).add(REFUSED_AT_SMTP + " (" + reply.code() + ")");
            }
        });
    }

    /** A message in the victim's mailbox is backscatter: an answer to a forged sender. */
    void victimMailbox(List<String> messages) {
        for (String raw : messages) {
            backscatterMessages++;
            Set<Case> tokens = Case.tokensIn(raw);
            Case.Path path = tokens.stream().map(message -> message.kind().backscatterPath)
                .filter(candidate -> candidate != Case.Path.NONE).findFirst().orElse(Case.Path.NONE);
            backscatterByPath.merge(path, 1, Integer::sum);
            tokens.forEach(message -> record(message, VICTIM_MAILBOX));
        }
    }

    void found(String place, String raw) {
        Case.tokensIn(raw).forEach(message -> record(message, place));
    }

    private void record(Case message, String place) {
        Set<String> where = places.get(message);
        if (where != null) {
            where.add(place);
        }
    }

    int count(Case.Group group, java.util.function.Predicate<Set<String>> test) {
        return (int) places.entrySet().stream()
            .filter(entry -> entry.getKey().kind().group == group && test.test(entry.getValue())).count();
    }

    int total(Case.Group group) {
        return count(group, where -> true);
    }

    int legitimateNdrsDelivered() {
        return count(Case.Group.LEGITIMATE_NDR, where -> where.contains(PARTNER_MAILBOX));
    }

    int inPartnerMailbox(Case.Kind kind) {
        return (int) places.entrySet().stream()
            .filter(entry -> entry.getKey().kind() == kind && entry.getValue().contains(PARTNER_MAILBOX)).count();
    }

    int deliveredToAnInbox(Case.Kind kind) {
        return (int) places.entrySet().stream()
            .filter(entry -> entry.getKey().kind() == kind && inAnInbox(entry.getValue())).count();
    }

    /** Messages of {@code kind} that were not refused during the SMTP dialogue. */
    int acceptedAtSmtp(Case.Kind kind) {
        return (int) places.entrySet().stream()
            .filter(entry -> entry.getKey().kind() == kind && entry.getValue().stream().noneMatch(place -> place.startsWith(REFUSED_AT_SMTP)))
            .count();
    }

    int forgedBouncesInInbox() {
        return count(Case.Group.FORGED_BOUNCE, Outcome::inAnInbox);
    }

    /** Of one kind: how many messages were found in a place starting with {@code place}. */
    int foundIn(Case.Kind kind, String place) {
        return (int) places.entrySet().stream()
            .filter(entry -> entry.getKey().kind() == kind && entry.getValue().stream().anyMatch(where -> where.startsWith(place))).count();
    }

    int total(Case.Kind kind) {
        return (int) places.keySet().stream().filter(message -> message.kind() == kind).count();
    }

    /** Forged bounces kept out of every mailbox: quarantined, or refused at SMTP (ours, or the remote MTA's bounce of it). */
    int forgedBouncesQuarantinedOrRefused() {
        return count(Case.Group.FORGED_BOUNCE, where -> where.stream().anyMatch(place -> place.startsWith("repository")
            || place.startsWith(REFUSED_AT_SMTP) || place.equals(REFUSED_REMOTE_BOUNCE)));
    }

    List<Case> lost() {
        List<Case> lost = new ArrayList<>();
        places.forEach((message, where) -> {
            if (where.isEmpty()) {
                lost.add(message);
            }
        });
        return lost;
    }

    /** Per kind: how many of its messages were found in each place. */
    Map<Case.Kind, Map<String, Integer>> byKind() {
        Map<Case.Kind, Map<String, Integer>> table = new EnumMap<>(Case.Kind.class);
        places.forEach((message, where) -> {
            Map<String, Integer> row = table.computeIfAbsent(message.kind(), kind -> new TreeMap<>());
            if (where.isEmpty()) {
                row.merge("LOST", 1, Integer::sum);
            }
            where.forEach(place -> row.merge(place, 1, Integer::sum));
        });
        return table;
    }

    private static boolean inAnInbox(Set<String> where) {
        return where.stream().anyMatch(place -> place.startsWith("mailbox ") && place.endsWith("/INBOX"));
    }
}
