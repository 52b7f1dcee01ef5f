package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Imap;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdminHttp;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bounceguard's WebAdmin routes on a real James loaded from the sample conf (which lists
 * {@code org.bounceguard.webadmin.BounceguardRoutes} in {@code webadmin.properties}), called over
 * HTTP as an operator does: verdicts, zones and their actions, the counters, the quarantine, and a
 * released bounce read back over IMAP from the INBOX.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebAdminConsoleIT {
    private static final String LISTED_CLIENT = "127.1.2.3";

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("zen.spamhaus.org", "ip4set", LISTED_CLIENT);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd).build();

    private static void send(GuiceJamesServer server, String client, String subject) throws Exception {
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send(client, "client.example", "bob@example.com", ALICE,
            TestMail.message("bob@example.com", ALICE, subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();
    }

    private static JsonNode zone(JsonNode zones, String name) {
        for (JsonNode zone : zones) {
            if (zone.path("zone").asText().equals(name)) {
                return zone;
            }
        }
        throw new AssertionError(name + " not in " + zones);
    }

    private static void assertError(WebAdminHttp.Answer answer, int status, String messagePart) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("statusCode").asInt()).isEqualTo(status);
        assertThat(answer.json().path("type").asText()).isEqualTo(status == 404 ? "notFound" : "InvalidArgument");
        assertThat(answer.json().path("message").asText()).contains(messagePart);
    }

    private static List<JsonNode> quarantine(WebAdminHttp http, String name, String query) throws Exception {
        WebAdminHttp.Answer answer = http.get("/bounceguard/quarantine/" + name + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> mails = new ArrayList<>();
        answer.json().forEach(mails::add);
        return mails;
    }

    private static JsonNode awaitQuarantined(WebAdminHttp http, String name, String subject) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> quarantine(http, name, "").stream()
            .filter(mail -> subject.equals(mail.path("subject").asText()))
            .findFirst(), Optional::isPresent).get();
    }

    @Test
    @Order(1)
    void zonesShowHealthCountersAndLatencies(GuiceJamesServer server) throws Exception {
        WebAdminHttp http = new WebAdminHttp(server);
        send(server, "127.9.0.1", "warm up the counters");
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "warm up the counters");

        WebAdminHttp.Answer answer = http.get("/bounceguard/zones");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode zen = zone(answer.json(), "zen.spamhaus.org");
        assertThat(zen.path("enabled").asBoolean()).isTrue();
        assertThat(zen.path("kind").asText()).isEqualTo("CLIENT_IP");
        assertThat(zen.path("queries").asLong()).isPositive();
        assertThat(zen.path("lastProbeResult").asText()).startsWith("healthy");
        assertThat(zen.path("latencyP99Millis").asDouble()).isPositive();
        assertThat(zone(answer.json(), "ips.backscatterer.org").path("enabled").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void theVerdictForAnAddressPerZoneCachedOrFresh(GuiceJamesServer server) throws Exception {
        WebAdminHttp http = new WebAdminHttp(server);

        JsonNode fresh = http.get("/bounceguard/dnsbl/" + LISTED_CLIENT + "?fresh=true").json();
        assertThat(fresh.path("address").asText()).isEqualTo(LISTED_CLIENT);
        assertThat(fresh.path("score").asInt()).isEqualTo(3);
        JsonNode zen = zone(fresh.path("zones"), "zen.spamhaus.org");
        assertThat(zen.path("listed").asBoolean()).isTrue();
        assertThat(zen.path("codes").get(0).asText()).isEqualTo("127.0.0.2");
        assertThat(zen.path("txt").asText()).isEqualTo("Listed by test-zen");
        assertThat(zen.path("cached").asBoolean()).isFalse();
        assertThat(zone(fresh.path("zones"), "bl.spamcop.net").path("listed").asBoolean()).isFalse();
        assertThat(zone(fresh.path("zones"), "ips.backscatterer.org").path("safeMode").asBoolean()).isTrue();

        JsonNode again = http.get("/bounceguard/dnsbl/" + LISTED_CLIENT).json();
        assertThat(zone(again.path("zones"), "zen.spamhaus.org").path("cached").asBoolean()).isTrue();
        assertThat(zone(http.get("/bounceguard/dnsbl/" + LISTED_CLIENT + "?fresh=true").json().path("zones"), "zen.spamhaus.org")
            .path("cached").asBoolean()).isFalse();

        assertError(http.get("/bounceguard/dnsbl/not-an-address"), 400, "not an IP address");
    }

    @Test
    @Order(3)
    void zonesAreDisabledEnabledAndProbedByName(GuiceJamesServer server) throws Exception {
        WebAdminHttp http = new WebAdminHttp(server);

        WebAdminHttp.Answer disabled = http.post("/bounceguard/zones/bl.spamcop.net?action=disable&reason="
            + URLEncoder.encode("maintenance window", StandardCharsets.UTF_8));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().path("disabledReason").asText()).isEqualTo("maintenance window");
        assertThat(zone(http.get("/bounceguard/dnsbl/" + LISTED_CLIENT).json().path("zones"), "bl.spamcop.net").path("error").asText())
            .isEqualTo("DISABLED");

        JsonNode enabled = http.post("/bounceguard/zones/bl.spamcop.net?action=enable").json();
        assertThat(enabled.path("enabled").asBoolean()).isTrue();

        JsonNode probed = http.post("/bounceguard/zones/zen.spamhaus.org?action=probe").json();
        assertThat(probed.path("enabled").asBoolean()).isTrue();
        assertThat(probed.path("lastProbeResult").asText()).startsWith("healthy");

        assertError(http.post("/bounceguard/zones/no.such.zone?action=enable"), 400, "no zone of that name");
        assertError(http.post("/bounceguard/zones/zen.spamhaus.org?action=explode"), 400, "action must be");
    }

    @Test
    @Order(4)
    void statsHoldEveryMBeanCounter(GuiceJamesServer server) throws Exception {
        WebAdminHttp.Answer answer = new WebAdminHttp(server).get("/bounceguard/stats");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode stats = answer.json();
        assertThat(stats.path("DnsblEngine").path("CacheHits").asLong()).isPositive();
        assertThat(stats.path("DnsblZone").path("zen.spamhaus.org").path("Queries").asLong()).isPositive();
        assertThat(stats.path("DnsblZone").path("zen.spamhaus.org").path("Enabled").asBoolean()).isTrue();
        assertThat(stats.path("NdrSuppression").has("NdrsSent")).isTrue();
        assertThat(stats.path("NdrSuppression").path("SuppressedByReason").isObject()).isTrue();
        assertThat(stats.path("Backscatter").has("BouncesSeen")).isTrue();
        assertThat(stats.path("OutboundLedger").has("Hits")).isTrue();
        assertThat(stats.path("Quarantine").has("Released")).isTrue();
    }

    @Test
    @Order(5)
    void theSpamQuarantinePagesAndDeletes(GuiceJamesServer server) throws Exception {
        WebAdminHttp http = new WebAdminHttp(server);
        send(server, LISTED_CLIENT, "listed one");
        send(server, LISTED_CLIENT, "listed two");
        JsonNode first = awaitQuarantined(http, "spam", "listed one");
        awaitQuarantined(http, "spam", "listed two");

        assertThat(first.path("sender").asText()).isEqualTo("bob@example.com");
        assertThat(first.path("recipients").get(0).asText()).isEqualTo(ALICE);
        assertThat(first.path("reasons").toString()).contains("zen.spamhaus.org=127.0.0.2");
        assertThat(first.path("client").asText()).isEqualTo(LISTED_CLIENT);
        assertThat(first.path("messageId").asText()).isEqualTo("<listed-one@client.example>");
        assertThat(first.path("time").asText()).isNotEmpty();
        assertThat(quarantine(http, "spam", "?limit=1")).hasSize(1);
        assertThat(quarantine(http, "spam", "?offset=1")).hasSize(quarantine(http, "spam", "").size() - 1);

        String key = first.path("mailKey").asText();
        WebAdminHttp.Answer deleted = http.post("/bounceguard/quarantine/spam/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?action=delete");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(quarantine(http, "spam", "")).extracting(mail -> mail.path("mailKey").asText()).doesNotContain(key);
        assertError(http.post("/bounceguard/quarantine/spam/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?action=delete"), 404, key);
        assertError(http.get("/bounceguard/quarantine/error"), 400, "not a quarantine");
        assertThat(new WebAdminHttp(server).get("/bounceguard/stats").json().path("Quarantine").path("Deleted").asLong()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aReleasedBounceReachesTheInboxAndTeachesTheLedgerNothing(GuiceJamesServer server) throws Exception {
        WebAdminHttp http = new WebAdminHttp(server);
        String original = "<sent-from-another-server@bounceguard.test>";
        Dsns.remoteBounce(BounceguardJames.smtp(server), ALICE, original, "a legitimate bounce, quarantined");
        JsonNode quarantined = awaitQuarantined(http, "backscatter", "a legitimate bounce, quarantined");
        assertThat(quarantined.path("sender").asText()).isEqualTo("<>");
        assertThat(quarantined.path("originalMessageId").asText()).isEqualTo(original);
        assertThat(quarantined.path("reasons").toString()).contains("ledger-miss");

        WebAdminHttp.Answer released = http.post("/bounceguard/quarantine/backscatter/"
            + URLEncoder.encode(quarantined.path("mailKey").asText(), StandardCharsets.UTF_8) + "?action=release");

        assertThat(released.status()).as(released.body()).isEqualTo(200);
        Imap.Delivered delivered = Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "a legitimate bounce, quarantined");
        assertThat(delivered.header("X-Bounceguard-Backscatter")).contains("ledger-miss");
        assertThat(quarantine(http, "backscatter", "")).extracting(mail -> mail.path("subject").asText())
            .doesNotContain("a legitimate bounce, quarantined");
        assertThat(http.get("/bounceguard/stats").json().path("Quarantine").path("Released").asLong()).isEqualTo(1);

        // a release delivers that one mail: the next bounce quoting the same Message-ID is judged afresh
        Dsns.remoteBounce(BounceguardJames.smtp(server), ALICE, original, "its second bounce");
        assertThat(awaitQuarantined(http, "backscatter", "its second bounce").path("reasons").toString()).contains("ledger-miss");
        Mails.assertNotInInbox(server, ALICE, ALICE_PASSWORD, "its second bounce");
        assertError(http.post("/bounceguard/quarantine/backscatter/no-such-key?action=release"), 404, "no-such-key");
    }

    @Test
    @Order(7)
    void aReleaseToAProcessorThatDoesNotExistIsRefusedAndTheMailStays(GuiceJamesServer server) throws Exception {
        WebAdminHttp http = new WebAdminHttp(server);
        send(server, LISTED_CLIENT, "released to a typo");
        String key = awaitQuarantined(http, "spam", "released to a typo").path("mailKey").asText();

        assertError(http.post("/bounceguard/quarantine/spam/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?action=release&processor=transprt"),
            400, "processor 'transprt' does not exist; did you mean 'transport'?");

        assertThat(quarantine(http, "spam", "")).extracting(mail -> mail.path("mailKey").asText()).contains(key);
        assertThat(BounceguardJames.webAdmin(server).size("memory://var/mail/error/")).isZero();
    }

    @Test
    @Order(8)
    void theQuarantineListingIsPagedByDefault(GuiceJamesServer server) throws Exception {
        WebAdminHttp http = new WebAdminHttp(server);
        org.bounceguard.it.support.WebAdmin webAdmin = BounceguardJames.webAdmin(server);
        long already = webAdmin.size(Mails.SPAM_REPOSITORY);
        for (int sent = 0; already + sent < 105; sent++) {
            send(server, LISTED_CLIENT, "page filler " + sent);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> webAdmin.size(Mails.SPAM_REPOSITORY) >= 105);

        assertThat(quarantine(http, "spam", "")).as("one page of the default size").hasSize(100);
        assertThat(quarantine(http, "spam", "?offset=100")).hasSize((int) webAdmin.size(Mails.SPAM_REPOSITORY) - 100);
        assertThat(quarantine(http, "spam", "?limit=1000")).hasSize((int) webAdmin.size(Mails.SPAM_REPOSITORY));
        assertError(http.get("/bounceguard/quarantine/spam?limit=5000"), 400, "limit must be at most 1000");
    }
}
