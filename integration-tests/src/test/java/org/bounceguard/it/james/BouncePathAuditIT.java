package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bounceguard.it.support.BounceguardJames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * A real James started from the sample conf/ with one mistake an operator easily makes -
 * RemoteDelivery without bounceProcessor, so that it bounces by itself past every guard - logs
 * one WARN naming the processor and the fix, and with {@code ndr.paths.strict=true} refuses to
 * start, naming it too. The sample itself has no such path.
 */
class BouncePathAuditIT {
    private static final Map<String, Map<String, String>> WITHOUT_BOUNCE_PROCESSOR = Map.of("mailetcontainer.xml",
        Map.of("<bounceProcessor>bounces</bounceProcessor>", ""));

    @TempDir
    Path temp;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger audit = (Logger) LoggerFactory.getLogger("org.bounceguard.services.BouncePathAudit");

    private List<String> warnings() {
        return log.list.stream().filter(event -> event.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @AfterEach
    void detach() {
        audit.detachAppender(log);
    }

    private void listen() {
        log.start();
        audit.addAppender(log);
    }

    @Test
    void aRemoteDeliveryWithoutBounceProcessorIsReportedOnceWithItsFix() throws Exception {
        listen();
        BounceguardJames.startAndStop(Files.createTempDirectory(temp, "james"), Map.of(), WITHOUT_BOUNCE_PROCESSOR, () -> {
            assertThat(warnings()).hasSize(1);
            assertThat(warnings().get(0)).contains("processor 'transport': RemoteDelivery has no bounceProcessor",
                "Fix: add <bounceProcessor>bounces</bounceProcessor>", "org.bounceguard.mailets.GuardedDSNBounce");
        });
    }

    @Test
    void inStrictModeJamesRefusesToStartNamingTheProcessor() throws Exception {
        String failure = BounceguardJames.startupFailure(Files.createTempDirectory(temp, "james"),
            Map.of("ndr.paths.strict", "true"), WITHOUT_BOUNCE_PROCESSOR);

        assertThat(failure).contains("ndr.paths.strict=true", "processor 'transport': RemoteDelivery has no bounceProcessor");
    }

    @Test
    void theSampleConfigurationHasNoUnguardedPathEvenInStrictMode() throws Exception {
        listen();
        BounceguardJames.startAndStop(Files.createTempDirectory(temp, "james"), Map.of("ndr.paths.strict", "true"), Map.of(),
            () -> assertThat(warnings()).isEmpty());
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
            .containsExactly("Every bounce path of mailetcontainer.xml is guarded by Bounceguard");
    }
}
