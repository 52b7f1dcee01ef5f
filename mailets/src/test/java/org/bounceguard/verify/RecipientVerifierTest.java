package org.bounceguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.bounceguard.testsupport.SettableClock;
import org.junit.jupiter.api.Test;

class RecipientVerifierTest {
    private static final Backend BACKEND = new Backend("backend.test", 25);
    private static final String ATTACKER = "192.0.2.66";
    private static final String CLIENT = "198.51.100.7";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> probed = new ArrayList<>();

    /** A backend that knows bob and alice and refuses every other local part. */
    private Function<String, ProbeResult> answers = recipient -> Set.of("bob@relayed.test", "alice@relayed.test").contains(recipient)
        ? ProbeResult.ACCEPTED
        : new ProbeResult.Refused(550, "5.1.1 <" + recipient + ">: Recipient address rejected: User unknown in local recipient table");

    private final Prober prober = (backend, recipient) -> {
        probed.add(recipient);
        return answers.apply(recipient);
    };

    private static VerificationPolicy policy(boolean failOpen, int probesPerClient) {
        return new VerificationPolicy(Map.of("relayed.test", BACKEND), Duration.ofDays(7), Duration.ofHours(3), Duration.ofSeconds(2),
            Optional.empty(), "mx.gateway.test", Duration.ofHours(1), 3, Duration.ofSeconds(30), probesPerClient,
            Duration.ofMinutes(10), 1000, failOpen);
    }

    private RecipientVerifier verifier(VerificationPolicy policy) {
        return new RecipientVerifier(policy, new MemoryVerificationStore(1000, clock), prober, clock);
    }

    private RecipientVerifier verifier() {
        return verifier(policy(false, 20));
    }

    private List<String> realProbes() {
        return probed.stream().filter(address -> !address.startsWith(RecipientVerifier.RANDOM_PREFIX)).toList();
    }

    @Test
    void aKnownUserIsAcceptedAndAnUnknownOneRefusedWithTheBackendsText() {
        RecipientVerifier verifier = verifier();
        assertThat(verifier.verify(CLIENT, "Bob@Relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.PROBE));
        assertThat(verifier.verify(CLIENT, "nobody@relayed.test"))
            .isEqualTo(new Decision.Refuse("<nobody@relayed.test>: Recipient address rejected: User unknown in local recipient table"));
        assertThat(verifier.counters().snapshot()).extracting("accepted", "refused").containsExactly(1L, 1L);
    }

    @Test
    void otherDomainsAreNotVerified() {
        RecipientVerifier verifier = verifier();
        assertThat(verifier.verify(CLIENT, "bob@elsewhere.test")).isEqualTo(Decision.NOT_VERIFIED);
        assertThat(verifier.verify(CLIENT, "bob@sub.relayed.test")).isEqualTo(Decision.NOT_VERIFIED);
        assertThat(probed).isEmpty();
    }

    @Test
    void aSecondRcptForTheSameAddressMakesNoProbe() {
        RecipientVerifier verifier = verifier();
        verifier.verify(CLIENT, "bob@relayed.test");
        verifier.verify(CLIENT, "nobody@relayed.test");
        int probes = probed.size();
        assertThat(verifier.verify(CLIENT, "BOB@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.CACHE));
        assertThat(verifier.verify(CLIENT, "nobody@relayed.test")).isInstanceOf(Decision.Refuse.class);
        assertThat(probed).hasSize(probes);
        assertThat(verifier.counters().snapshot().cacheHits()).isEqualTo(2);
    }

    @Test
    void refusalsAreRememberedShorterThanAcceptances() {
        RecipientVerifier verifier = verifier();
        verifier.verify(CLIENT, "bob@relayed.test");
        verifier.verify(CLIENT, "nobody@relayed.test");
        clock.advance(Duration.ofHours(3).plusSeconds(1));
        assertThat(verifier.store().get("nobody@relayed.test")).isEmpty();
        assertThat(verifier.store().get("bob@relayed.test")).contains(CachedVerdict.ACCEPTED);
        clock.advance(Duration.ofDays(7));
        assertThat(verifier.store().get("bob@relayed.test")).isEmpty();
    }

    @Test
    void aTemporaryFailureDefersAndIsNeverAcceptedNorRemembered() {
        answers = recipient -> new ProbeResult.Deferred("backend answered RCPT TO with 451", false);
        RecipientVerifier verifier = verifier();
        assertThat(verifier.verify(CLIENT, "bob@relayed.test")).isInstanceOfSatisfying(Decision.Defer.class,
            defer -> assertThat(defer.enhancedCode()).startsWith("4."));
        assertThat(verifier.store().get("bob@relayed.test")).isEmpty();
        assertThat(verifier.counters().snapshot().accepted()).isZero();
    }

    @Test
    void failOpenAcceptsWhatCannotBeVerifiedAndSaysSo() {
        answers = recipient -> new ProbeResult.Deferred("connection refused", true);
        RecipientVerifier verifier = verifier(policy(true, 20));
        assertThat(verifier.verify(CLIENT, "bob@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.FAIL_OPEN));
        assertThat(verifier.counters().snapshot().failedOpen()).isEqualTo(1);
    }

    @Test
    void anAcceptAllBackendIsDetectedOncePerPeriodAndNotVerified() {
        answers = recipient -> ProbeResult.ACCEPTED;
        RecipientVerifier verifier = verifier();
        assertThat(verifier.verify(CLIENT, "anyone@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.ACCEPT_ALL));
        assertThat(verifier.verify(CLIENT, "someone@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.ACCEPT_ALL));
        assertThat(probed).hasSize(1).allMatch(address -> address.startsWith(RecipientVerifier.RANDOM_PREFIX)
            && address.endsWith("@relayed.test"));
        assertThat(verifier.acceptAllDomains()).isEqualTo(1);
        assertThat(verifier.counters().snapshot().acceptAllSkipped()).isEqualTo(2);

        // the backend is fixed: after the period the random probe is refused and verification resumes
        answers = recipient -> recipient.startsWith("bob@") ? ProbeResult.ACCEPTED : new ProbeResult.Refused(550, "5.1.1 unknown");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(verifier.verify(CLIENT, "nobody@relayed.test")).isInstanceOf(Decision.Refuse.class);
        assertThat(verifier.acceptAllDomains()).isZero();
    }

    @Test
    void aBackendThatRefusesTheRandomPartIsTestedOnlyOncePerPeriod() {
        RecipientVerifier verifier = verifier();
        verifier.verify(CLIENT, "bob@relayed.test");
        verifier.verify(CLIENT, "alice@relayed.test");
        verifier.verify(CLIENT, "nobody@relayed.test");
        assertThat(probed.stream().filter(address -> address.startsWith(RecipientVerifier.RANDOM_PREFIX))).hasSize(1);
        assertThat(realProbes()).containsExactly("bob@relayed.test", "alice@relayed.test", "nobody@relayed.test");
    }

    @Test
    void aDownBackendOpensTheBreakerAndIsNotAskedUntilItsTimeIsUp() {
        answers = recipient -> new ProbeResult.Deferred("connection refused", true);
        RecipientVerifier verifier = verifier(policy(false, 1000));
        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(CLIENT, "user" + i + "@relayed.test")).isInstanceOf(Decision.Defer.class);
        }
        int probesWhenOpened = probed.size();
        assertThat(verifier.breakerStates()).containsEntry(BACKEND, CircuitBreaker.State.OPEN);
        for (int i = 0; i < 10; i++) {
            assertThat(verifier.verify(CLIENT, "other" + i + "@relayed.test")).isInstanceOf(Decision.Defer.class);
        }
        assertThat(probed).hasSize(probesWhenOpened);
        assertThat(verifier.counters().snapshot().breakerOpened()).isEqualTo(1);

        // back up: after openFor one probe is let through, and its success closes the breaker
        answers = recipient -> recipient.startsWith("bob@") ? ProbeResult.ACCEPTED : new ProbeResult.Refused(550, "5.1.1 unknown");
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(CLIENT, "bob@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.PROBE));
        assertThat(verifier.breakerStates()).containsEntry(BACKEND, CircuitBreaker.State.CLOSED);
    }

    @Test
    void aHalfOpenBreakerThatFailsAgainOpensAgain() {
        answers = recipient -> new ProbeResult.Deferred("timeout", true);
        RecipientVerifier verifier = verifier(policy(false, 1000));
        for (int i = 0; i < 3; i++) {
            verifier.verify(CLIENT, "user" + i + "@relayed.test");
        }
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.breakerStates()).containsEntry(BACKEND, CircuitBreaker.State.HALF_OPEN);
        int before = probed.size();
        verifier.verify(CLIENT, "again@relayed.test");
        assertThat(probed).hasSize(before + 1);
        assertThat(verifier.breakerStates()).containsEntry(BACKEND, CircuitBreaker.State.OPEN);
        verifier.verify(CLIENT, "more@relayed.test");
        assertThat(probed).hasSize(before + 1);
    }

    @Test
    void aDictionaryAttackRunsIntoThePerClientLimitAndLeavesOtherClientsAlone() {
        RecipientVerifier verifier = verifier(policy(false, 5));
        List<Decision> decisions = new ArrayList<>();
        for (String name : List.of("admin", "info", "sales", "office", "contact", "support", "hr", "jobs", "billing", "team",
                "web", "mail", "ceo", "finance", "marketing")) {
            decisions.add(verifier.verify(ATTACKER, name + "@relayed.test"));
        }
        assertThat(decisions.subList(0, 5)).allMatch(Decision.Refuse.class::isInstance);
        assertThat(decisions.subList(5, 15)).allMatch(decision -> decision instanceof Decision.Defer defer
            && defer.enhancedCode().equals("4.7.1"));
        assertThat(realProbes()).hasSize(5);
        assertThat(verifier.counters().snapshot().clientLimited()).isEqualTo(10);

        // a legitimate client still reaches bob; the attacker's refused names stay refused from the cache, no probe
        assertThat(verifier.verify(CLIENT, "bob@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.PROBE));
        assertThat(verifier.verify(ATTACKER, "admin@relayed.test")).isInstanceOf(Decision.Refuse.class);

        // a new window gives the attacker a new allowance, no more
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(verifier.verify(ATTACKER, "web@relayed.test")).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void aStoreThatFailsMeansAProbeNotAFailure() {
        VerificationStore broken = new VerificationStore() {
            @Override
            public Optional<CachedVerdict> get(String address) {
                throw new IllegalStateException("down");
            }

            @Override
            public void put(String address, CachedVerdict verdict, Duration timeToLive) {
                throw new IllegalStateException("down");
            }

            @Override
            public boolean forget(String address) {
                return false;
            }
        };
        RecipientVerifier verifier = new RecipientVerifier(policy(false, 20), broken, prober, clock);
        assertThat(verifier.verify(CLIENT, "bob@relayed.test")).isEqualTo(new Decision.Accept(Decision.Source.PROBE));
    }

    @Test
    void forgettingAnAddressMakesTheNextRcptProbeAgain() {
        RecipientVerifier verifier = verifier();
        verifier.verify(CLIENT, "bob@relayed.test");
        assertThat(verifier.store().forget("bob@relayed.test")).isTrue();
        assertThat(verifier.store().forget("bob@relayed.test")).isFalse();
        verifier.verify(CLIENT, "bob@relayed.test");
        assertThat(realProbes()).containsExactly("bob@relayed.test", "bob@relayed.test");
    }
}
