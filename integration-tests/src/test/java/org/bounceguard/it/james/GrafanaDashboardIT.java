package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard ({@code docs/grafana/bounceguard.json}) against a real James: after mail
 * went through, every metric name a panel queries - literal, or a {@code __name__=~} pattern such
 * as the per-zone series - is in WebAdmin's {@code GET /metrics}. A renamed gauge fails here, not
 * on an operator's screen.
 */
class GrafanaDashboardIT {
    private static final Pattern NAME_PATTERN = Pattern.compile("__name__=~\"([^\"]+)\"");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(bounceguard_[a-z0-9_]+)\\b");

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing().zone("zen.spamhaus.org", "ip4set", "127.1.2.3");

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd).build();

    private static JsonNode dashboard() throws Exception {
        Path conf = Path.of(System.getProperty("bounceguard.conf.dir"));
        return new ObjectMapper().readTree(Files.readString(conf.getParent().resolve("docs/grafana/bounceguard.json")));
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        return expressions;
    }

    private static Set<String> exportedNames(String metrics) {
        Set<String> names = new TreeSet<>();
        for (String line : metrics.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    @Test
    void everyQueriedMetricIsExported(GuiceJamesServer server) throws Exception {
        SmtpClient smtp = BounceguardJames.smtp(server);
        assertThat(smtp.send("127.9.0.1", "client.example", "bob@example.com", ALICE,
            TestMail.message("bob@example.com", ALICE, "a clean mail")).accepted()).isTrue();
        assertThat(smtp.send("127.1.2.3", "client.example", "bob@example.com", ALICE,
            TestMail.message("bob@example.com", ALICE, "a listed mail")).accepted()).isTrue();
        assertThat(smtp.send("127.9.0.2", "mx.remote.example", "", ALICE,
            TestMail.message("MAILER-DAEMON@remote.example", ALICE, "a forged bounce")).accepted()).isTrue();
        Mails.awaitInInbox(server, ALICE, ALICE_PASSWORD, "a clean mail");
        Mails.awaitInRepository(server, Mails.SPAM_REPOSITORY, "a listed mail");
        Mails.awaitInRepository(server, "memory://var/mail/backscatter/", "a forged bounce");

        Set<String> exported = exportedNames(setUp.counters().metrics());
        List<String> expressions = expressions(dashboard());

        assertThat(expressions).hasSizeGreaterThan(15).allSatisfy(expr -> assertThat(expr).contains("$instance"));
        Set<String> literals = new TreeSet<>();
        Set<String> patterns = new TreeSet<>();
        for (String expr : expressions) {
            Matcher pattern = NAME_PATTERN.matcher(expr);
            while (pattern.find()) {
                patterns.add(pattern.group(1));
            }
            Matcher literal = METRIC_NAME.matcher(NAME_PATTERN.matcher(expr).replaceAll(""));
            while (literal.find()) {
                literals.add(literal.group(1));
            }
        }
        assertThat(literals).as("metric names the dashboard queries").hasSizeGreaterThan(10);
        assertThat(exported).as("GET /metrics").containsAll(literals);
        for (String pattern : patterns) {
            assertThat(exported).as("a metric matching %s in GET /metrics", pattern).anyMatch(name -> name.matches(pattern));
        }
        assertThat(exported).as("the per-zone series of the sample's zones")
            .contains("bounceguard_dnsbl_zone_zen_spamhaus_org_queries", "bounceguard_dnsbl_zone_zen_spamhaus_org_latency_p99_ms");
        assertThat(dashboard().path("templating").path("list").findValuesAsText("name")).contains("instance", "datasource");
    }
}
