package org.bounceguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SmtpProbeTest {
    private static final String GREETING = "220 backend.test ESMTP\r\n";
    private final SmtpProbe probe = new SmtpProbe("mx.gateway.test", Optional.empty(), Duration.ofSeconds(2));

    @Test
    void aKnownUserIsAcceptedWithTheNullSenderAndNoMailIsSent() throws IOException {
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING, FakeSmtpServer.knowing("bob@relayed.test"))) {
            assertThat(probe.probe(backend.backend(), "bob@relayed.test")).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(backend.commands()).containsExactly("EHLO mx.gateway.test", "MAIL FROM:<>", "RCPT TO:<bob@relayed.test>", "QUIT");
        }
    }

    @Test
    void anUnknownUserIsRefusedWithTheBackendsCodeAndText() throws IOException {
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING, FakeSmtpServer.knowing("bob@relayed.test"))) {
            assertThat(probe.probe(backend.backend(), "nobody@relayed.test"))
                .isEqualTo(new ProbeResult.Refused(550, "5.1.1 <nobody@relayed.test>: Recipient address rejected: User unknown"));
        }
    }

    @Test
    void aConfiguredProbeSenderIsUsed() throws IOException {
        SmtpProbe withSender = new SmtpProbe("mx.gateway.test", Optional.of("verify@gateway.test"), Duration.ofSeconds(2));
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING, FakeSmtpServer.knowing("bob@relayed.test"))) {
            withSender.probe(backend.backend(), "bob@relayed.test");
            assertThat(backend.commands()).contains("MAIL FROM:<verify@gateway.test>");
        }
    }

    @Test
    void aTemporaryRefusalIsDeferredNeverAccepted() throws IOException {
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING,
                command -> command.startsWith("RCPT") ? "450 4.2.0 try later\r\n" : "250 ok\r\n")) {
            ProbeResult result = probe.probe(backend.backend(), "bob@relayed.test");
            assertThat(result).isInstanceOf(ProbeResult.Deferred.class);
            assertThat(((ProbeResult.Deferred) result).backendDown()).isFalse();
        }
    }

    @Test
    void aBackendRefusingEhloIsAskedWithHelo() throws IOException {
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING,
                command -> command.startsWith("EHLO") ? "502 5.5.2 no\r\n" : "250 ok\r\n")) {
            assertThat(probe.probe(backend.backend(), "bob@relayed.test")).isEqualTo(ProbeResult.ACCEPTED);
            assertThat(backend.commands()).startsWith("EHLO mx.gateway.test", "HELO mx.gateway.test");
        }
    }

    @Test
    void aRefusedMailFromIsADeferralNotARefusalOfTheRecipient() throws IOException {
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING,
                command -> command.startsWith("MAIL") ? "553 5.7.1 sender refused\r\n" : "250 ok\r\n")) {
            assertThat(probe.probe(backend.backend(), "bob@relayed.test")).isInstanceOf(ProbeResult.Deferred.class);
        }
    }

    @Test
    void aBackendThatNeverAnswersCostsAtMostTheTimeout() throws IOException {
        SmtpProbe quick = new SmtpProbe("mx.gateway.test", Optional.empty(), Duration.ofMillis(300));
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING, command -> command.startsWith("RCPT") ? null : "250 ok\r\n")) {
            long start = System.nanoTime();
            ProbeResult result = quick.probe(backend.backend(), "bob@relayed.test");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(result).isInstanceOfSatisfying(ProbeResult.Deferred.class, deferred -> assertThat(deferred.backendDown()).isTrue());
            assertThat(tookMillis).isBetween(250L, 2000L);
        }
    }

    @Test
    void aSilentGreetingTimesOutToo() throws IOException {
        SmtpProbe quick = new SmtpProbe("mx.gateway.test", Optional.empty(), Duration.ofMillis(300));
        try (FakeSmtpServer backend = new FakeSmtpServer(null, command -> "250 ok\r\n")) {
            assertThat(quick.probe(backend.backend(), "bob@relayed.test"))
                .isInstanceOfSatisfying(ProbeResult.Deferred.class, deferred -> assertThat(deferred.backendDown()).isTrue());
        }
    }

    @Test
    void aClosedPortIsADeferralOfADownBackend() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(probe.probe(new Backend("127.0.0.1", port), "bob@relayed.test"))
            .isInstanceOfSatisfying(ProbeResult.Deferred.class, deferred -> assertThat(deferred.backendDown()).isTrue());
    }

    @Test
    void aGarbledOrEndlessReplyIsADeferral() throws IOException {
        String endless = "250-" + "x".repeat(2000) + "\r\n";
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING, command -> endless)) {
            assertThat(probe.probe(backend.backend(), "bob@relayed.test")).isInstanceOf(ProbeResult.Deferred.class);
        }
        try (FakeSmtpServer backend = new FakeSmtpServer("HTTP/1.1 400 Bad Request\r\n", command -> "250 ok\r\n")) {
            assertThat(probe.probe(backend.backend(), "bob@relayed.test")).isInstanceOf(ProbeResult.Deferred.class);
        }
    }

    @Test
    void aRecipientThatWouldInjectACommandIsNeverWritten() throws IOException {
        try (FakeSmtpServer backend = new FakeSmtpServer(GREETING, FakeSmtpServer.knowing("bob@relayed.test"))) {
            assertThat(probe.probe(backend.backend(), "bob@relayed.test>\r\nDATA")).isInstanceOf(ProbeResult.Deferred.class);
            assertThat(backend.commands()).isEmpty();
        }
    }
}
