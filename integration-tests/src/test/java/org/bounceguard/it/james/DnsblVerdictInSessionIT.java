package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.Mails.SPAM_REPOSITORY;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sample's {@code DnsblVerdictHook} attaches the verdict in the SMTP session, before James
 * queues the mail; {@code DnsblCheck} in the spooler then uses it without asking the zones again.
 * The zone's query counter (JMX) counts every check, answered from the cache or not.
 */
class DnsblVerdictInSessionIT {
    private static final String ZEN = "org.bounceguard:type=DnsblZone,name=zen.spamhaus.org";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("zen.spamhaus.org", "ip4set", ":127.0.0.2:Listed by test-zen", "127.0.0.2", "127.1.2.3");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd).build();

    @Test
    void theVerdictMadeInTheSessionIsUsedWithoutANewQueryAndWithoutWaiting(GuiceJamesServer server) throws Exception {
        // what a connection alone costs: the connect-time prefetch
        long beforeConnect = setUp.counters().value(ZEN, "Queries");
        connectAndQuit(server, "127.1.2.3");
        long perConnection = setUp.counters().value(ZEN, "Queries") - beforeConnect;

        long before = setUp.counters().value(ZEN, "Queries");
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send("127.1.2.3", "client.example", "bob@example.com", ALICE,
            TestMail.message("bob@example.com", ALICE, "verdict from the session"));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
        long whenAccepted = setUp.counters().value(ZEN, "Queries");

        JsonNode stored = Mails.awaitInRepository(server, SPAM_REPOSITORY, "verdict from the session");

        // the session asked at connect (prefetch), at RCPT (the sample's DnsblRcptRefusal) and
        // once more for the verdict it attaches, all before it answered 250 ...
        assertThat(whenAccepted - before).isEqualTo(perConnection + 2);
        // ... and the spooler's DnsblCheck did not ask again
        assertThat(setUp.counters().value(ZEN, "Queries")).isEqualTo(whenAccepted);
        assertThat(stored.path("attributes").toString())
            .contains("bounceguard.dnsbl.sessionWaitedMillis")
            .contains("\"bounceguard.dnsbl.score\":\"3\"")
            .contains("zen.spamhaus.org=AttributeValue{value=[AttributeValue{value=127.0.0.2")
            .doesNotContain("bounceguard.dnsbl.attachedFor");
        String header = Mails.headerValue(stored, "X-Bounceguard-Dnsbl");
        assertThat(header).contains("client=127.1.2.3").contains("score=3");
        Matcher waited = Pattern.compile("waited=(\\d+)ms").matcher(header);
        assertThat(waited.find()).as(header).isTrue();
        // reading attributes only; the slack is for a descheduled spooler thread on a loaded machine
        assertThat(Long.parseLong(waited.group(1))).as(header).isLessThan(50);
    }

    private static void connectAndQuit(GuiceJamesServer server, String client) throws Exception {
        int port = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(client), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).startsWith("220");
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(reader.readLine()).startsWith("221");
        }
    }
}
