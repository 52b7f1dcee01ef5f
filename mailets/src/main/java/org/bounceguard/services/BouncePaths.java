package org.bounceguard.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the ways a mail-processing configuration can answer a sender past Bounceguard's guards:
 * a {@code RemoteDelivery} without {@code bounceProcessor} (it then calls
 * {@code MailetContext.bounce()} itself), and James's answering mailets used bare -
 * {@code Bounce}, {@code DSNBounce}, {@code NotifySender}, {@code VacationMailet}, {@code Sieve}.
 * Plain Java: the James adapter reads {@code mailetcontainer.xml} into {@link Processor}s.
 */
public final class BouncePaths {
    private static final String JAMES_MAILETS = "org.apache.james.transport.mailets.";
    private static final String GUARDED = "org.bounceguard.mailets.Guarded";

    private BouncePaths() {
    }

    /** One {@code <mailet>} declaration: its class as written and its parameters. */
    public record Mailet(String className, Map<String, String> parameters) {
        public Mailet {
            parameters = Map.copyOf(parameters);
        }

        Optional<String> parameter(String name) {
            return Optional.ofNullable(parameters.get(name)).map(String::trim).filter(value -> !value.isEmpty());
        }
    }

    /** One {@code <processor state="...">} and its mailets in order. */
    public record Processor(String name, List<Mailet> mailets) {
        public Processor {
            mailets = List.copyOf(mailets);
        }
    }

    /** An unguarded path: where it is, what is wrong, and the exact change that fixes it. */
    public record Finding(String processor, String mailet, String problem, String fix) {
        public String message() {
            return "processor '" + processor + "': " + mailet + " " + problem + ". Fix: " + fix;
        }
    }

    public static List<Finding> unguarded(List<Processor> processors) {
        List<Finding> findings = new ArrayList<>();
        for (Processor processor : processors) {
            for (Mailet mailet : processor.mailets()) {
                check(processor.name(), mailet).ifPresent(findings::add);
            }
        }
        return findings;
    }

    private static Optional<Finding> check(String processor, Mailet mailet) {
        String className = mailet.className().trim();
        if (isJames(className, "RemoteDelivery") && mailet.parameter("bounceProcessor").isEmpty()) {
            return Optional.of(new Finding(processor, "RemoteDelivery",
                "has no bounceProcessor, so it sends its NDRs itself (MailetContext.bounce), past every guard",
                "add <bounceProcessor>bounces</bounceProcessor> to it and a processor state=\"bounces\" whose mailet is "
                    + "org.bounceguard.mailets.GuardedDSNBounce, as in the sample conf/mailetcontainer.xml"));
        }
        if (isJames(className, "Bounce")) {
            return Optional.of(new Finding(processor, "Bounce", "sends NDRs without Bounceguard's guard",
                "replace class=\"Bounce\" with class=\"org.bounceguard.mailets.GuardedBounce\" (its parameters stay)"));
        }
        if (isJames(className, "DSNBounce")) {
            return Optional.of(new Finding(processor, "DSNBounce", "sends NDRs without Bounceguard's guard",
                "replace class=\"DSNBounce\" with class=\"org.bounceguard.mailets.GuardedDSNBounce\" (its parameters stay)"));
        }
        for (String answering : List.of("NotifySender", "VacationMailet", "Sieve")) {
            if (isJames(className, answering)) {
                return Optional.of(new Finding(processor, answering, "answers senders without Bounceguard's guard",
                    "write class=\"" + GUARDED + "\" with <mailet>" + answering + "</mailet> (its other parameters stay)"));
            }
        }
        return Optional.empty();
    }

    private static boolean isJames(String className, String simpleName) {
        return className.equals(simpleName) || className.equals(JAMES_MAILETS + simpleName);
    }
}
