package org.bounceguard.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The set-up most integration tests share, as one JUnit extension: a private rbldnsd serving the
 * sample's zones, then the servers James talks to (a remote MTA, a faulty DNS, Redis...), then a
 * real James laid out from {@code conf/} ({@link BounceguardJames}) with its DNS pointed at that
 * rbldnsd and loopback clients checked, then alice provisioned. Started in that order, stopped in
 * the reverse one. A test class states only what it changes:
 *
 * <pre>{@code
 * static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing().listing("zen.spamhaus.org", "127.1.2.3");
 * static final RemoteMta remoteMta = new RemoteMta();
 *
 * @RegisterExtension
 * static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
 *     .remoteMta(remoteMta)
 *     .setting("ndr.rateLimit.perAddress", "2")
 *     .build();
 * }</pre>
 *
 * Test and {@code @BeforeAll} methods receive the running server as a {@link GuiceJamesServer} parameter.
 */
public final class StandardSetUp implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    /** A server the test's James talks to, started before James and stopped after it. */
    private record Part(BeforeAllCallback start, AfterAllCallback stop) {
    }

    /** SMTP, SMTP without recipient check, IMAP, WebAdmin and JMX in conf/. */
    private static final List<Integer> SAMPLE_PORTS = List.of(2525, 2526, 1143, 8000, BounceguardJames.JMX_PORT);

    private final List<Part> parts;
    private final JamesServerExtension james;
    private final boolean provisionAlice;
    private final Deque<Part> started = new ArrayDeque<>();

    private StandardSetUp(Builder builder) {
        this.parts = List.copyOf(builder.parts);
        this.provisionAlice = builder.provisionAlice;
        Map<String, Map<String, String>> confEdits = new LinkedHashMap<>();
        builder.confEdits.forEach((file, edits) -> confEdits.put(file, Map.copyOf(edits)));
        List<Supplier<Map<String, String>>> settings = List.copyOf(builder.settings);
        this.james = BounceguardJames.extension(() -> {
            Map<String, String> merged = new LinkedHashMap<>();
            settings.forEach(part -> merged.putAll(part.get()));
            return merged;
        }, builder.gateway, confEdits);
    }

    /** The standard set-up around this rbldnsd (usually {@link Rbldnsd#withSampleZonesListingNothing()} with listings). */
    public static Builder with(Rbldnsd rbldnsd) {
        Builder builder = new Builder();
        builder.part(rbldnsd);
        builder.settings.add(() -> Map.of("dns.servers", rbldnsd.hostAndPort(), "dnsbl.skip.loopback", "false"));
        return builder;
    }

    /** James from {@code conf/} exactly as shipped (its own DNS servers, loopback clients skipped), alice provisioned. */
    public static Builder sampleConfigurationAsShipped() {
        return new Builder();
    }

    /** The running James (after {@code beforeAll}). */
    public GuiceJamesServer server() {
        return james.getGuiceJamesServer();
    }

    /** The running James's counters, over its JMX connector (conf/jmx.properties) and WebAdmin. */
    public Counters counters() {
        return new Counters(BounceguardJames.workingDirectory(), BounceguardJames.JMX_PORT,
            server().getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (Part part : parts) {
            started.push(part);
            part.start().beforeAll(context);
        }
        awaitSampleListenersFree();
        james.beforeAll(context);
        if (provisionAlice) {
            BounceguardJames.provisionAlice(server());
        }
    }

    /**
     * The sample conf/ listens on fixed loopback ports; where several test runs share a machine,
     * another James may still hold them for a while. Waiting here turns that into a delay instead
     * of a "port in use" failure that says nothing about the code under test.
     */
    static void awaitSampleListenersFree() throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(until) && !SAMPLE_PORTS.stream().allMatch(StandardSetUp::isFree)) {
            Thread.sleep(1000);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception first = null;
        try {
            james.afterAll(context);
        } catch (Exception e) {
            first = e;
        }
        while (!started.isEmpty()) {
            try {
                started.pop().stop().afterAll(context);
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        james.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        james.afterEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return james.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return james.resolveParameter(parameter, context);
    }

    /** What a test class changes in the standard set-up; every option is optional. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();
        private final List<Supplier<Map<String, String>>> settings = new ArrayList<>();
        private final Map<String, Map<String, String>> confEdits = new LinkedHashMap<>();
        private Supplier<Optional<String>> gateway = Optional::empty;
        private boolean provisionAlice = true;

        private Builder() {
        }

        /** Starts this server (a JUnit extension) after the ones before it and before James; stops it after James. */
        public <P extends BeforeAllCallback & AfterAllCallback> Builder part(P part) {
            parts.add(new Part(part, part));
            return this;
        }

        /** A remote MTA started before James, which RemoteDelivery relays through. */
        public Builder remoteMta(RemoteMta remoteMta) {
            part(remoteMta);
            return gateway(remoteMta::gateway);
        }

        /** RemoteDelivery relays through this host:port (read when James is laid out), instead of looking up MX records. */
        public Builder gateway(Supplier<String> hostAndPort) {
            this.gateway = () -> Optional.of(hostAndPort.get());
            return this;
        }

        /** A {@code bounceguard.*} setting (without the prefix), given as the documented system-property override. */
        public Builder setting(String key, String value) {
            return settings(() -> Map.of(key, value));
        }

        /** Settings read when James is laid out, after the parts have started; later ones win. */
        public Builder settings(Supplier<Map<String, String>> more) {
            settings.add(more);
            return this;
        }

        /** A literal replacement in a copied conf file, for a test of an option the sample leaves off; it must match. */
        public Builder confEdit(String file, String text, String replacement) {
            confEdits.computeIfAbsent(file, name -> new LinkedHashMap<>()).put(text, replacement);
            return this;
        }

        /** For a class that provisions its own users instead of alice. */
        public Builder withoutAlice() {
            provisionAlice = false;
            return this;
        }

        public StandardSetUp build() {
            return new StandardSetUp(this);
        }
    }
}
