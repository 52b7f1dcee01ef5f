package org.bounceguard.benchmarks.scorecard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The scorecard's tables (printed, and written to the results file) and its pass/fail rule. */
final class ScorecardReport {
    /** One row of the headline table; {@code expected} is what a perfect server shows, when there is such a number. */
    record Row(String label, int value, String expected, boolean mustBeZero) {
    }

    private final List<Outcome> sides;
    private final int perKind;
    private final long seed;
    private final String command;
    private final Duration took;

    ScorecardReport(List<Outcome> sides, int perKind, long seed, String command, Duration took) {
        this.sides = sides;
        this.perKind = perKind;
        this.seed = seed;
        this.command = command;
        this.took = took;
    }

    static List<Row> rows(Outcome side) {
        List<Row> rows = new ArrayList<>();
        for (Case.Path path : List.of(Case.Path.NDR, Case.Path.VACATION, Case.Path.SIEVE, Case.Path.FORWARD_FAILURE, Case.Path.FORWARD_BOUNCE, Case.Path.RELAYED_DOMAIN)) {
            rows.add(new Row("backscatter sent: " + path.label, side.backscatterByPath.getOrDefault(path, 0), "0", true));
        }
        rows.add(new Row("backscatter sent: other", side.backscatterByPath.getOrDefault(Case.Path.NONE, 0), "0", true));
        rows.add(new Row("legitimate NDRs delivered", side.legitimateNdrsDelivered(), String.valueOf(side.total(Case.Group.LEGITIMATE_NDR)), false));
        rows.add(new Row("of which forwarded mail bounced outside", side.inPartnerMailbox(Case.Kind.PARTNER_TO_BOUNCING_FORWARD),
            String.valueOf(side.places.keySet().stream().filter(message -> message.kind() == Case.Kind.PARTNER_TO_BOUNCING_FORWARD).count()), false));
        for (Case.Kind kind : List.of(Case.Kind.OURS_TAGGED_FROM_PARTNER, Case.Kind.OURS_TAGGED_FROM_LISTED_PEER,
                Case.Kind.OURS_LEDGER_FROM_PARTNER, Case.Kind.OURS_LEDGER_FROM_LISTED_PEER)) {
            rows.add(new Row("legitimate bounces delivered: " + shortName(kind), side.deliveredToAnInbox(kind),
                String.valueOf(side.places.keySet().stream().filter(message -> message.kind() == kind).count()), false));
        }
        rows.add(new Row("forged bounces in users' INBOXes", side.forgedBouncesInInbox(), "0", true));
        for (Case.Kind attack : List.of(Case.Kind.FORGED_QUOTING_REAL_ID_TO_MANY, Case.Kind.FORGED_AFTER_LEDGER_POISONING,
                Case.Kind.FORGED_REPLAY_FROM_THREE_SOURCES, Case.Kind.FORGED_WITHOUT_MESSAGE_ID)) {
            rows.add(new Row("of which " + shortName(attack), side.deliveredToAnInbox(attack), "0", true));
        }
        rows.add(new Row("forged bounces quarantined or refused at SMTP", side.forgedBouncesQuarantinedOrRefused(),
            String.valueOf(side.total(Case.Group.FORGED_BOUNCE)), false));
        Case.Kind storm = Case.Kind.FORGED_BOUNCE_STORM;
        rows.add(new Row("bounce storm (" + side.total(storm) + " forged bounces to one user): in the backscatter repository",
            side.foundIn(storm, "repository var/mail/backscatter"), "at most storm.threshold (50)", false));
        rows.add(new Row("bounce storm: refused at SMTP", side.foundIn(storm, Outcome.REFUSED_AT_SMTP), "the rest", false));
        rows.add(new Row("mail from null-MX senders accepted (nothing can answer it)", side.acceptedAtSmtp(Case.Kind.NULL_MX_SENDER), "0", true));
        rows.add(new Row("mail lost (found nowhere)", side.lost().size(), "0", true));
        return rows;
    }

    private static String shortName(Case.Kind kind) {
        return switch (kind) {
            case OURS_TAGGED_FROM_PARTNER -> "to the BATV tag, unlisted peer";
            case OURS_TAGGED_FROM_LISTED_PEER -> "to the BATV tag, Backscatterer-listed peer";
            case OURS_LEDGER_FROM_PARTNER -> "to the From: address (ledger), unlisted peer";
            case OURS_LEDGER_FROM_LISTED_PEER -> "to the From: address (ledger), Backscatterer-listed peer";
            case FORGED_QUOTING_REAL_ID_TO_MANY -> "a real Message-ID quoted to three users";
            case FORGED_AFTER_LEDGER_POISONING -> "ledger poisoning through a forward";
            case FORGED_REPLAY_FROM_THREE_SOURCES -> "a genuine bounce replayed from three sources";
            case FORGED_WITHOUT_MESSAGE_ID -> "no Message-ID, naming our relay";
            default -> kind.slug();
        };
    }

    /** What keeps the Bounceguard side from its promise: backscatter, loss, a missing legitimate NDR or bounce. */
    List<String> bounceguardFailures() {
        List<String> failures = new ArrayList<>();
        Outcome bounceguard = sides.get(sides.size() - 1);
        for (Row row : rows(bounceguard)) {
            boolean missed = row.mustBeZero() ? row.value() != 0
                : (row.label().startsWith("legitimate") && row.value() != Integer.parseInt(row.expected()));
            if (missed) {
                failures.add(row.label() + " = " + row.value() + " (expected " + row.expected() + ")");
            }
        }
        return failures;
    }

    String table() {
        StringBuilder text = new StringBuilder("| | plain James | James + Bounceguard | a perfect server |\n| --- | --- | --- | --- |\n");
        List<List<Row>> bySide = sides.stream().map(ScorecardReport::rows).toList();
        for (int i = 0; i < bySide.get(0).size(); i++) {
            Row first = bySide.get(0).get(i);
            text.append("| ").append(first.label());
            for (List<Row> side : bySide) {
                text.append(" | ").append(side.get(i).value());
            }
            text.append(" | ").append(first.expected()).append(" |\n");
        }
        return text.toString();
    }

    String markdown(Path root) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# Backscatter scorecard: plain James and James + Bounceguard on the same traffic\n\n")
            .append("Measured ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
            .append(" by `").append(command).append("` (").append(perKind).append(" messages of each of ")
            .append(Case.Kind.values().length).append(" kinds, ").append(perKind * Traffic.STORM_FACTOR)
            .append(" of the bounce storm, seed ").append(seed).append("; both sides took ")
            .append(took.toSeconds()).append(" s, James start-ups included).\n\n")
            .append(machine()).append('\n')
            .append("![the scorecard as a chart](backscatter-scorecard.png)\n\n")
            .append(table()).append('\n')
            .append("What each row counts, and how the sides were set up: `benchmarks/backscatter-scorecard`'s header and the README.\n\n");
        for (Outcome side : sides) {
            text.append("## Where each kind of message went: ").append(side.side.equals("plain") ? "plain James" : "James + Bounceguard").append("\n\n")
                .append("| kind | messages | found in |\n| --- | --- | --- |\n");
            for (Map.Entry<Case.Kind, Map<String, Integer>> row : side.byKind().entrySet()) {
                text.append("| ").append(row.getKey().description).append(" | ").append(side.total(row.getKey())).append(" | ")
                    .append(row.getValue().entrySet().stream().map(place -> place.getKey() + ": " + place.getValue())
                        .collect(Collectors.joining("; ")))
                    .append(" |\n");
            }
            List<Case> lost = side.lost();
            if (!lost.isEmpty()) {
                text.append("\nFound nowhere: ").append(lost.stream().map(Case::token).collect(Collectors.joining(", "))).append('\n');
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
            .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        return "## Machine\n"
            + "- CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores\n"
            + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
            + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
            + "- Load when the report was written: " + Files.readString(Path.of("/proc/loadavg")).trim() + "\n";
    }
}
