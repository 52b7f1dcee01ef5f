package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.james.GuiceJamesServer;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.utils.DataProbeImpl;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.it.support.WebAdmin;
import org.bounceguard.it.support.WebAdminHttp;
import org.bounceguard.testsupport.Counters;
import org.bounceguard.testsupport.PostfixPeer;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Forwarding through the sample configuration with SRS on (srs.domain = bounceguard.test): James
 * forwards (an address mapping) to an outside mailbox provider - a real Postfix that accepts the
 * mail and then bounces an unknown user itself - and that provider's DSN comes back to the SRS
 * address. The original senders have their mailboxes at a second Postfix (origin.test), which the
 * provider relays to. SPF of both domains is published by rbldnsd and checked with James's own
 * SPF library (Apache jSPF), as the provider would check it.
 */
class SrsForwardingIT {
    /** Listed by bl.spamcop.net only (weight 2): below the spam threshold, delivered and forwarded, but a dubious source. */
    private static final String LISTED_CLIENT = "127.2.0.9";
    private static final String CLEAN_CLIENT = "127.1.1.9";
    private static final String DOMAIN = BounceguardJames.DOMAIN;
    private static final String PROVIDER = "provider.test";
    private static final String ORIGIN = "origin.test";
    private static final String FIRST_FORWARDER = "first.test";
    private static final String SUPPRESSED_REPOSITORY = "memory://var/mail/srs-suppressed/";
    private static final String SRS = "org.bounceguard:type=Srs";
    private static final Pattern RETURN_PATH = Pattern.compile("(?im)^Return-Path:\\s*<([^>]*)>");

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        .zone("bl.spamcop.net", "ip4set", LISTED_CLIENT)
        // our mail leaves from 127.0.0.1; the original senders' domain sends only from its own network
        .zone(DOMAIN, "generic", "@ TXT \"v=spf1 ip4:127.0.0.1 -all\"")
        .zone(ORIGIN, "generic", "@ TXT \"v=spf1 ip4:192.0.2.0/24 -all\"", "@ MX 10 mx." + ORIGIN + ".", "mx A 192.0.2.25");

    /** The original senders' MTA: their mailboxes. */
    static final PostfixPeer origin = new PostfixPeer(ORIGIN).user("bob").user("carol").user("dave");

    /** Another forwarder, before us: its SRS0 addresses land in its catch-all mailbox, where its own SRS would reverse them. */
    static final PostfixPeer firstForwarder = new PostfixPeer(FIRST_FORWARDER).catchAll("SRS0=.*");

    /** The outside mailbox provider: "kept" has a mailbox, every other user is bounced by Postfix after accepting. */
    static final PostfixPeer provider = new PostfixPeer(PROVIDER).user("kept")
        .routes(DOMAIN, () -> 2525)
        .routes(ORIGIN, origin::port)
        .routes(FIRST_FORWARDER, firstForwarder::port);

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .part(origin)
        .part(firstForwarder)
        .part(provider)
        .gateway(provider::gateway)
        .build();

    @BeforeAll
    static void forwards(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addAddressMapping("fwd-clean", DOMAIN, "kept@" + PROVIDER);
        data.addAddressMapping("fwd-clean", DOMAIN, "gone-clean@" + PROVIDER);
        data.addAddressMapping("fwd-listed", DOMAIN, "gone-listed@" + PROVIDER);
        data.addAddressMapping("fwd-again", DOMAIN, "kept@" + PROVIDER);
        data.addAddressMapping("fwd-again", DOMAIN, "gone-again@" + PROVIDER);
    }

    @Test
    void aCleanForwardLeavesWithAnSrs0SenderThatPassesSpfAndItsBounceReachesTheOriginalSender() throws Exception {
        String subject = "srs clean forward";
        TestMail.send(BounceguardJames.smtp(setUp.server()), CLEAN_CLIENT, "bob@" + ORIGIN, "fwd-clean@" + DOMAIN, subject);

        String delivered = provider.awaitInMailbox("kept", message -> message.contains(TestMail.messageId(subject)));
        String envelopeSender = returnPath(delivered);
        assertThat(envelopeSender).matches("(?i)SRS0=[A-Z2-7]{8}=[A-Z2-7]{2}=origin\\.test=bob@bounceguard\\.test");
        assertThat(spf("127.0.0.1", envelopeSender)).as("SPF of the rewritten sender, from our address").isEqualTo("pass");
        assertThat(spf("127.0.0.1", "bob@" + ORIGIN)).as("what SPF would have said without SRS").isEqualTo("fail");

        String bounce = origin.awaitInMailbox("bob", message -> message.contains(TestMail.messageId(subject)));
        assertThat(bounce).as("Postfix's own DSN, relayed by us").containsIgnoringCase("multipart/report")
            .contains("gone-clean@" + PROVIDER).containsIgnoringCase("Final-Recipient:");
        assertThat(returnPath(bounce)).isEmpty();
        assertThat(setUp.counters().value(SRS, "Reversed")).isGreaterThanOrEqualTo(1);
        assertThat(setUp.counters().metrics()).contains("bounceguard_srs_reversed");
        WebAdminHttp.Answer stats = new WebAdminHttp(setUp.server()).get("/bounceguard/stats");
        assertThat(stats.json().path("Srs").path("Domain").asText()).isEqualTo(DOMAIN);
        assertThat(stats.json().path("Srs").path("Rewritten").asLong()).isGreaterThanOrEqualTo(1);
        for (String secret : BounceguardJames.TEST_SRS_KEYS.split(",")) {
            assertThat(stats.body()).as("WebAdmin never shows an SRS secret").doesNotContain(secret);
            assertThat(setUp.counters().metrics()).doesNotContain(secret);
        }
    }

    @Test
    void theBounceOfAForwardFromAListedClientIsProvenSuppressedAndCountedAndTheOriginalSenderGetsNothing() throws Exception {
        String subject = "srs listed forward";
        TestMail.send(BounceguardJames.smtp(setUp.server()), LISTED_CLIENT, "carol@" + ORIGIN, "fwd-listed@" + DOMAIN, subject);

        provider.awaitLogLine("to=<gone-listed@" + PROVIDER + ">", "status=bounced");
        WebAdmin webAdmin = BounceguardJames.webAdmin(setUp.server());
        // the positive marker: the DSN is kept in the repository, where its processing ends
        JsonNode suppressed = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> webAdmin.mails(SUPPRESSED_REPOSITORY).stream()
                .filter(mail -> mail.path("recipients").toString().contains("=origin.test=carol@bounceguard.test"))
                .findFirst(), Optional::isPresent).get();
        assertThat(suppressed.path("attributes").toString()).contains("bounceguard.srs.suppressed").contains("srs-listed");
        assertThat(suppressed.path("sender").asText("")).as("the provider's DSN, MAIL FROM:<>").isIn("", "<>", "null");

        assertThat(origin.mailbox("carol")).as("carol's mailbox").noneMatch(message -> message.contains(TestMail.messageId(subject)));
        assertThat(setUp.counters().value(SRS, "Suppressed")).isGreaterThanOrEqualTo(1);
        assertThat(setUp.counters().metrics()).contains("bounceguard_srs_suppressed_srs_listed");
    }

    @Test
    void aForgedBounceToAMadeUpSrsAddressIsRefusedAtRcpt() throws Exception {
        long refusedBefore = setUp.counters().value(SRS, "Refused");
        String madeUp = "SRS0=ABCDEFGH=" + timestamp(today()) + "=" + ORIGIN + "=dave@" + DOMAIN;

        for (SmtpClient smtp : new SmtpClient[] {BounceguardJames.smtp(setUp.server()), new SmtpClient("127.0.0.1", 2526)}) {
            SmtpClient.Outcome outcome = smtp.send(CLEAN_CLIENT, "bouncer.example", "", madeUp,
                TestMail.message("MAILER-DAEMON@bouncer.example", madeUp, "forged srs bounce"));
            assertThat(outcome.code()).as(outcome.reply()).isEqualTo(550);
            assertThat(outcome.reply()).contains("5.7.1").contains("signature does not verify");
        }
        assertThat(setUp.counters().value(SRS, "Refused")).isEqualTo(refusedBefore + 2);
    }

    @Test
    void aBounceToAnSrsAddressWeSignedButThatHasExpiredIsRefusedAtRcpt() throws Exception {
        // written here independently of the extension, with the tests' first secret, 30 days ago
        String expired = srs0("dave@" + ORIGIN, today().minusDays(30));
        String fresh = srs0("dave@" + ORIGIN, today());

        SmtpClient.Outcome stale = BounceguardJames.smtp(setUp.server()).send(CLEAN_CLIENT, "bouncer.example", "", expired,
            TestMail.message("MAILER-DAEMON@bouncer.example", expired, "expired srs bounce"));
        assertThat(stale.code()).as(stale.reply()).isEqualTo(550);
        assertThat(stale.reply()).contains("5.7.1").contains("expired");

        SmtpClient.Outcome notABounce = BounceguardJames.smtp(setUp.server()).send(CLEAN_CLIENT, "spammer.example", "spam@spammer.example",
            fresh, TestMail.message("spam@spammer.example", fresh, "relay attempt through srs"));
        assertThat(notABounce.code()).as("mail that is no bounce, to a genuine address: " + notABounce.reply()).isEqualTo(550);
        assertThat(notABounce.reply()).contains("5.7.1").contains("only delivery reports");

        String subject = "fresh srs bounce";
        SmtpClient.Outcome genuine = BounceguardJames.smtp(setUp.server()).send(CLEAN_CLIENT, "bouncer.example", "", fresh,
            TestMail.message("MAILER-DAEMON@bouncer.example", fresh, subject));
        assertThat(genuine.accepted()).as("the same address made today: " + genuine.reply()).isTrue();
        origin.awaitInMailbox("dave", message -> message.contains(TestMail.messageId(subject)));
    }

    @Test
    void aForwardOfAnotherForwardersSrsMailLeavesAsSrs1AndItsBounceGoesBackToThatForwardersAddress() throws Exception {
        String subject = "srs1 forward";
        // what first.test's SRS made of erin@origin.test: an opaque address of its own, as far as we can tell
        String firstHop = "SRS0=HHHH=" + timestamp(today()) + "=" + ORIGIN + "=erin@" + FIRST_FORWARDER;
        TestMail.send(BounceguardJames.smtp(setUp.server()), CLEAN_CLIENT, firstHop, "fwd-again@" + DOMAIN, subject);

        String delivered = provider.awaitInMailbox("kept", message -> message.contains(TestMail.messageId(subject)));
        String secondHop = returnPath(delivered);
        assertThat(secondHop).matches("(?i)SRS1=[A-Z2-7]{8}=first\\.test==HHHH=[A-Z2-7]{2}=origin\\.test=erin@bounceguard\\.test");
        assertThat(spf("127.0.0.1", secondHop)).isEqualTo("pass");

        String bounce = firstForwarder.awaitInMailbox("catchall", message -> message.contains(TestMail.messageId(subject)));
        assertThat(bounce).containsIgnoringCase("multipart/report").contains("gone-again@" + PROVIDER);
        assertThat(firstForwarder.log()).as("delivered to the first forwarder's own SRS0 address, unchanged")
            .containsIgnoringCase("to=<" + firstHop.toLowerCase(Locale.ROOT) + ">");
    }

    private static String returnPath(String message) {
        Matcher matcher = RETURN_PATH.matcher(message);
        assertThat(matcher.find()).as("a Return-Path header in %s", message).isTrue();
        return matcher.group(1);
    }

    /** James's SPF library (jSPF) judging {@code mailFrom} sent from {@code ip}, with the records rbldnsd publishes. */
    private static String spf(String ip, String mailFrom) throws Exception {
        DNSService dns = new RbldnsdForSpf(new SimpleResolver(new InetSocketAddress("127.0.0.1", rbldnsd.port())));
        SPF spf = new SPF(dns, new RFC4408SPF1Parser(new DefaultTermsFactory()), new MacroExpand(dns), new SynchronousSPFExecutor(dns));
        return spf.checkSPF(ip, mailFrom, "mx." + DOMAIN).getResult();
    }

    /**
     * jSPF's look-ups through this test's rbldnsd, with a cache of their own: James in the same JVM
     * points dnsjava's default resolver and cache at the system's DNS.
     */
    private static final class RbldnsdForSpf implements DNSService {
        private final Resolver resolver;
        private final Cache cache = new Cache();

        RbldnsdForSpf(Resolver resolver) {
            this.resolver = resolver;
        }

        @Override
        public List<String> getRecords(DNSRequest request) throws TimeoutException {
            int type = switch (request.getRecordType()) {
                case DNSRequest.A -> Type.A;
                case DNSRequest.AAAA -> Type.AAAA;
                case DNSRequest.MX -> Type.MX;
                case DNSRequest.PTR -> Type.PTR;
                case DNSRequest.SPF -> Type.SPF;
                default -> Type.TXT;
            };
            try {
                Lookup lookup = new Lookup(request.getHostname(), type);
                lookup.setResolver(resolver);
                lookup.setCache(cache);
                org.xbill.DNS.Record[] records = lookup.run();
                if (lookup.getResult() == Lookup.TRY_AGAIN) {
                    throw new TimeoutException(lookup.getErrorString());
                }
                return records == null ? new ArrayList<>() : DNSServiceXBillImpl.convertRecordsToList(records);
            } catch (TextParseException e) {
                return new ArrayList<>();
            }
        }

        @Override
        public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
            try {
                return CompletableFuture.completedFuture(getRecords(request));
            } catch (TimeoutException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public List<String> getLocalDomainNames() {
            return List.of("localhost");
        }

        @Override
        public void setTimeOut(int timeOut) {
        }

        @Override
        public int getRecordLimit() {
            return 10;
        }

        @Override
        public void setRecordLimit(int recordLimit) {
        }
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private static String timestamp(LocalDate day) {
        int code = (int) Math.floorMod(day.toEpochDay(), 1024L);
        return "" + BASE32.charAt(code >> 5) + BASE32.charAt(code & 31);
    }

    /** SRS0 as docs/capabilities/srs.md describes it: base32 of the first 40 bits of HMAC-SHA256 over "TT=domain=local", lowercased. */
    private static String srs0(String sender, LocalDate day) throws Exception {
        String local = sender.substring(0, sender.indexOf('@'));
        String domain = sender.substring(sender.indexOf('@') + 1);
        String time = timestamp(day);
        Mac mac = Mac.getInstance("HmacSHA256");
        String secret = BounceguardJames.TEST_SRS_KEYS.split(",")[0];
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] hmac = mac.doFinal((time + "=" + domain + "=" + local).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (hmac[i] & 0xff);
        }
        StringBuilder hash = new StringBuilder();
        for (int shift = 35; shift >= 0; shift -= 5) {
            hash.append(BASE32.charAt((int) ((bits >> shift) & 31)));
        }
        return "SRS0=" + hash + "=" + time + "=" + domain + "=" + local + "@" + DOMAIN;
    }
}
