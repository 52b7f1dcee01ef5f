package org.bounceguard.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bounceguard.services.BouncePaths.Mailet;
import org.bounceguard.services.BouncePaths.Processor;
import org.junit.jupiter.api.Test;

class BouncePathsTest {

    @Test
    void remoteDeliveryWithoutBounceProcessorIsNamedWithItsProcessorAndTheFix() {
        List<BouncePaths.Finding> findings = BouncePaths.unguarded(List.of(new Processor("transport", List.of(
            new Mailet("RemoteDelivery", Map.of("outgoingQueue", "outgoing"))))));

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).message())
            .startsWith("processor 'transport': RemoteDelivery has no bounceProcessor")
            .contains("Fix: add <bounceProcessor>bounces</bounceProcessor>", "org.bounceguard.mailets.GuardedDSNBounce");
    }

    @Test
    void remoteDeliveryWithABounceProcessorAndTheGuardedMailetsAreFine() {
        assertThat(BouncePaths.unguarded(List.of(
            new Processor("transport", List.of(new Mailet("org.apache.james.transport.mailets.RemoteDelivery", Map.of("bounceProcessor", "bounces")))),
            new Processor("bounces", List.of(new Mailet("org.bounceguard.mailets.GuardedDSNBounce", Map.of()))),
            new Processor("local-delivery", List.of(
                new Mailet("org.bounceguard.mailets.Guarded", Map.of("mailet", "VacationMailet")),
                new Mailet("org.bounceguard.mailets.Guarded", Map.of("mailet", "RemoteDelivery")),
                new Mailet("LocalDelivery", Map.of())))))).isEmpty();
    }

    @Test
    void anEmptyBounceProcessorCountsAsNone() {
        assertThat(BouncePaths.unguarded(List.of(new Processor("transport", List.of(
            new Mailet("RemoteDelivery", Map.of("bounceProcessor", "  ")))))) ).hasSize(1);
    }

    @Test
    void bareAnsweringMailetsOfJamesAreEachNamedWithTheirReplacement() {
        List<BouncePaths.Finding> findings = BouncePaths.unguarded(List.of(new Processor("error", List.of(
            new Mailet("Bounce", Map.of()),
            new Mailet("DSNBounce", Map.of()),
            new Mailet("org.apache.james.transport.mailets.VacationMailet", Map.of()),
            new Mailet("Sieve", Map.of()),
            new Mailet("NotifySender", Map.of())))));

        assertThat(findings).extracting(BouncePaths.Finding::fix).containsExactly(
            "replace class=\"Bounce\" with class=\"org.bounceguard.mailets.GuardedBounce\" (its parameters stay)",
            "replace class=\"DSNBounce\" with class=\"org.bounceguard.mailets.GuardedDSNBounce\" (its parameters stay)",
            "write class=\"org.bounceguard.mailets.Guarded\" with <mailet>VacationMailet</mailet> (its other parameters stay)",
            "write class=\"org.bounceguard.mailets.Guarded\" with <mailet>Sieve</mailet> (its other parameters stay)",
            "write class=\"org.bounceguard.mailets.Guarded\" with <mailet>NotifySender</mailet> (its other parameters stay)");
    }
}
