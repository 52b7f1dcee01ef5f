package org.bounceguard.benchmarks.scorecard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.SmtpClient;

/**
 * The backscatter scorecard: the same seeded traffic mix through plain James and through James with
 * the sample Bounceguard configuration, one after the other, each with a fresh outside world of real
 * Postfix instances; every message is then looked for where it can be.
 *
 * <p>Arguments: {@code ROOT DISTRIBUTION WORK PER_KIND SEED RESULTS_FILE CHART_FILE COMMAND...}.
 * Exits 1 when the Bounceguard side sent any backscatter, lost any mail, or failed to deliver any
 * legitimate NDR or bounce.
 */
public final class Scorecard {
    private static final Duration SETTLE = Duration.ofSeconds(12);
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private Scorecard() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path distribution = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int perKind = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        Path results = Path.of(args[5]);
        Path chart = Path.of(args[6]);
        String command = String.join(" ", List.of(args).subList(7, args.length));

        Traffic traffic = new Traffic(perKind, seed);
        Instant started = Instant.now();
        List<Outcome> sides = new ArrayList<>();
        for (String side : List.of("plain", "bounceguard")) {
            System.out.println("==> " + side + ": " + traffic.cases().size() + " messages");
            sides.add(run(side, traffic, root, distribution, work));
        }
        Duration took = Duration.between(started, Instant.now());
        ScorecardReport report = new ScorecardReport(sides, perKind, seed, command, took);
        Files.writeString(results, report.markdown(root));
        ScorecardChart.write(sides, chart);
        System.out.println(report.table());
        List<String> failures = report.bounceguardFailures();
        if (!failures.isEmpty()) {
            System.out.println("Bounceguard's side falls short: " + String.join("; ", failures));
            System.exit(1);
        }
    }

    private static Outcome run(String side, Traffic traffic, Path root, Path distribution, Path work) throws Exception {
        try (OutsideWorld world = OutsideWorld.start(traffic, ScorecardSide.PUBLIC_SMTP);
             ScorecardSide james = ScorecardSide.start(root, distribution, work, side, world.partner.gateway(),
                 world.relayedBackend.gateway())) {
            SmtpClient publicListener = new SmtpClient("127.0.0.1", ScorecardSide.PUBLIC_SMTP);
            Map<Case, SmtpClient.Outcome> smtp = traffic.send(new Traffic.Endpoints(publicListener,
                new SmtpClient("127.0.0.1", ScorecardSide.BACKUP_MX_SMTP), world.partner.smtp(), world.bigmail.smtp()));
            awaitQuiet(james, world);
            traffic.sendFollowUps(new Traffic.Endpoints(publicListener, new SmtpClient("127.0.0.1", ScorecardSide.BACKUP_MX_SMTP),
                world.partner.smtp(), world.bigmail.smtp()), smtp);
            awaitQuiet(james, world);
            Outcome outcome = new Outcome(side, traffic.cases());
            outcome.refusals(smtp);
            outcome.victimMailbox(world.victim.mailbox("catchall"));
            for (PostfixPeer peer : List.of(world.partner, world.bigmail)) {
                peer.mailbox("catchall").forEach(raw -> outcome.found(Outcome.PARTNER_MAILBOX, raw));
                peer.mailbox("postmaster").forEach(raw -> outcome.found(Outcome.REFUSED_REMOTE_BOUNCE, raw));
            }
            james.mailboxes().forEach(found -> outcome.found(found.place(), found.raw()));
            james.repositories().forEach(found -> outcome.found(found.place(), found.raw()));
            james.suppressionsLogged().forEach(found -> outcome.found(found.place(), found.raw()));
            Files.writeString(james.home().resolve("metrics.txt"), james.metrics());
            return outcome;
        }
    }

    /** Until James's queues and every Postfix queue have stayed empty for a while: nothing is still on its way. */
    private static void awaitQuiet(ScorecardSide james, OutsideWorld world) throws Exception {
        Instant until = Instant.now().plus(PATIENCE);
        Instant quietSince = null;
        while (Instant.now().isBefore(until)) {
            long queued = james.queued();
            for (PostfixPeer peer : world.peers()) {
                queued += peer.queued();
            }
            if (queued > 0) {
                quietSince = null;
            } else if (quietSince == null) {
                quietSince = Instant.now();
            } else if (Duration.between(quietSince, Instant.now()).compareTo(SETTLE) >= 0) {
                return;
            }
            Thread.sleep(1000);
        }
        System.out.println("    still queued after " + PATIENCE.toMinutes() + " minutes; counting what arrived");
    }
}
