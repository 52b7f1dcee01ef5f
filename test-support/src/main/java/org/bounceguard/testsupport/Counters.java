package org.bounceguard.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounceguard's counters as an operator reads them from a running James: its MBeans over James's
 * JMX connector ({@link Jmx}) and WebAdmin's Prometheus text ({@code GET /metrics}). Each read is
 * a fresh connection, so a test takes a value before and after and asserts the difference.
 *
 * @param workingDirectory James's, where it wrote its JMX credentials
 */
public record Counters(Path workingDirectory, int jmxPort, int webAdminPort) {
    public static final String DNSBL_ENGINE = "org.bounceguard:type=DnsblEngine";
    public static final String NDR_SUPPRESSION = "org.bounceguard:type=NdrSuppression";
    public static final String BACKSCATTER = "org.bounceguard:type=Backscatter";
    public static final String OUTBOUND_LEDGER = "org.bounceguard:type=OutboundLedger";
    public static final String ANSWER_SUPPRESSION = "org.bounceguard:type=AnswerSuppression";
    public static final String RCPT_REFUSAL = "org.bounceguard:type=RcptRefusal";
    public static final String SHARED_STATE = "org.bounceguard:type=SharedState";
    public static final String RECIPIENT_VERIFICATION = "org.bounceguard:type=RecipientVerification";

    private static final String[] STRING = {String.class.getName()};

    /** The MBean of one DNSBL zone, by its display name. */
    public static String zone(String name) {
        return "org.bounceguard:type=DnsblZone,name=" + name;
    }

    /** A counter attribute, such as {@code Queries} of {@link #zone zone("zen.spamhaus.org")}. */
    public long value(String mbean, String attribute) throws Exception {
        try (Jmx jmx = Jmx.connect(workingDirectory, jmxPort)) {
            return jmx.longAttribute(mbean, attribute);
        }
    }

    /** A counter kept by key, read through its operation, such as {@code suppressedFor("rate-limited")}. */
    public long byKey(String mbean, String operation, String key) throws Exception {
        try (Jmx jmx = Jmx.connect(workingDirectory, jmxPort)) {
            return (Long) jmx.invoke(mbean, operation, new Object[] {key}, STRING);
        }
    }

    /** A counter kept by two keys, such as {@code suppressedFor(mailet, reason)}. */
    public long byKeys(String mbean, String operation, String first, String second) throws Exception {
        try (Jmx jmx = Jmx.connect(workingDirectory, jmxPort)) {
            return (Long) jmx.invoke(mbean, operation, new Object[] {first, second}, new String[] {String.class.getName(), String.class.getName()});
        }
    }

    /** NDRs not sent, for this reason. */
    public long ndrsSuppressedFor(String reason) throws Exception {
        return byKey(NDR_SUPPRESSION, "suppressedFor", reason);
    }

    /** Bounces quarantined, for this reason. */
    public long quarantinedFor(String reason) throws Exception {
        return byKey(BACKSCATTER, "quarantinedFor", reason);
    }

    /** WebAdmin's {@code /metrics}, the text Prometheus scrapes. */
    public String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + "/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebAdmin /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Counter attributes of one MBean, by name, in the order given. */
    public Map<String, Long> values(String mbean, List<String> attributes) throws Exception {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String attribute : attributes) {
            values.put(attribute, value(mbean, attribute));
        }
        return values;
    }

    /** What moved between two readings of the same counters; counters that did not move are left out. */
    public static Map<String, Long> deltas(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> deltas = new LinkedHashMap<>();
        after.forEach((name, count) -> {
            long delta = count - before.get(name);
            if (delta != 0) {
                deltas.put(name, delta);
            }
        });
        return deltas;
    }

    /** The value of one unlabelled series in {@link #metrics()}'s text; fails when the series is not there. */
    public static long metric(String metrics, String name) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        if (!line.find()) {
            throw new AssertionError(name + " is not in GET /metrics");
        }
        return (long) Double.parseDouble(line.group(1));
    }
}
