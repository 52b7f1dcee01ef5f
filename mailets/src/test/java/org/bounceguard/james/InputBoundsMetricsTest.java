package org.bounceguard.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.bounceguard.backscatter.EvidenceSources;
import org.bounceguard.bounce.BounceParser;
import org.junit.jupiter.api.Test;

/** A cut made by the bounce parser shows in {@code org.bounceguard:type=InputBounds} while a service runs, and the MBean goes with it. */
class InputBoundsMetricsTest {
    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();

    @Test
    void partsCutByTheParserAreCountedOverJmx() throws Exception {
        ObjectName name = new ObjectName("org.bounceguard:type=InputBounds");
        try (BackscatterService service = new BackscatterService(new EvidenceSources(List.of()), Gauges.NONE)) {
            long before = (Long) platform.invoke(name, "truncatedFor", new Object[] {"parts"}, new String[] {String.class.getName()});
            String bounce = "From: MAILER-DAEMON@mx.remote.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" + "--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n".repeat(1500) + "--b--\r\n";
            new BounceParser().parse(bounce.getBytes(java.nio.charset.StandardCharsets.US_ASCII), Optional.empty());

            assertThat((Long) platform.invoke(name, "truncatedFor", new Object[] {"parts"}, new String[] {String.class.getName()})).isGreaterThan(before);
            assertThat((Long) platform.getAttribute(name, "TruncatedTotal")).isGreaterThan(0);
        }
        assertThat(platform.isRegistered(name)).isFalse();
    }
}
