package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.DefaultVacationService;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.mailetcontainer.AutomaticallySentMailDetectorImpl;
import org.apache.james.mailetcontainer.api.MailetLoader;
import org.apache.james.transport.mailets.Sieve;
import org.apache.james.transport.mailets.VacationMailet;
import org.apache.james.transport.mailets.jsieve.ResourceLocator;
import org.apache.james.transport.util.MimeMessageBodyGenerator;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.vacation.api.AccountId;
import org.apache.james.vacation.api.VacationPatch;
import org.apache.james.vacation.memory.MemoryNotificationRegistry;
import org.apache.james.vacation.memory.MemoryVacationRepository;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.mailetbase.AnswerGuard;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.AnswerSuppressionService;
import org.bounceguard.services.NdrSuppressionService;
import org.bounceguard.suppression.NdrRateLimiter;
import org.bounceguard.suppression.SenderDomainCheck;
import org.bounceguard.suppression.SuppressionReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.SimpleResolver;

import com.google.common.base.Ticker;

/**
 * {@link Guarded} around James's own answering mailets, created the way James creates them
 * (through a {@link MailetLoader}, with the config Guarded hands over): what reaches James's
 * context for a dubious and for a clean source.
 */
class GuardedTest {
    private static final String ALICE = "alice@bounceguard.test";
    private static final String DUBIOUS = "mallory@forged.example";
    private static final String CLEAN = "carol@remote.example";

    private final FakeMailContext james = FakeMailContext.builder().postmaster(address("postmaster@bounceguard.test")).build();
    private final NdrSuppressionService suppression = new NdrSuppressionService(
        NdrRateLimiter.builder().perAddress(2).build(),
        new SenderDomainCheck(unusedResolver(), Duration.ofMillis(100), Ticker.systemTicker()), new Gauges(null));
    private final AnswerSuppressionService answers = new AnswerSuppressionService();
    private final MemoryVacationRepository vacations = new MemoryVacationRepository();
    /** Sieve asks only which user an address belongs to. */
    private final UsersRepository users = (UsersRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsersRepository.class}, (proxy, method, args) -> {
            if (method.getName().equals("getUsername")) {
                return Username.of(((MailAddress) args[0]).asString());
            }
            throw new UnsupportedOperationException(method.getName());
        });
    private String sieveScript = "";

    @AfterEach
    void close() {
        suppression.close();
        answers.close();
    }

    private final Map<String, Function<String, Mailet>> jamesMailets = Map.of(
        "VacationMailet", name -> new VacationMailet(
            new DefaultVacationService(vacations, new MemoryNotificationRegistry(ZonedDateTime::now)),
            ZonedDateTime::now, new AutomaticallySentMailDetectorImpl(), new MimeMessageBodyGenerator(html -> html)),
        "Sieve", name -> new Sieve(users, new ResourceLocator(null, users) {
            @Override
            public UserSieveInformation get(MailAddress recipient) {
                return new UserSieveInformation(ZonedDateTime.now(), ZonedDateTime.now(),
                    new ByteArrayInputStream(sieveScript.getBytes(StandardCharsets.UTF_8)));
            }
        }),
        "NotifySender", name -> notifySender(),
        "BouncesThroughTheContext", name -> new GenericMailet() {
            // what RemoteDelivery does without a bounceProcessor
            @Override
            public void service(Mail mail) throws MessagingException {
                getMailetContext().bounce(mail, "550 no such user");
            }
        },
        "ForwardsToAThirdParty", name -> new GenericMailet() {
            @Override
            public void service(Mail mail) throws MessagingException {
                getMailetContext().sendMail(mail.getMaybeSender().get(), List.of(address("archive@elsewhere.example")), mail.getMessage());
            }
        });

    private final MailetLoader loader = config -> {
        Mailet mailet = jamesMailets.get(config.getMailetName()).apply(config.getMailetName());
        mailet.init(config);
        return mailet;
    };

    private Guarded guarded(String mailet, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder()
            .mailetName("guarded-" + mailet)
            .mailetContext(james)
            .setProperty("mailet", mailet)
            .setProperty("dnsblThreshold", "1")
            .setProperty("checkSenderDomain", "false");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        Guarded guarded = new Guarded(loader, null, suppression, answers, null);
        guarded.init(config.build());
        return guarded;
    }

    @Test
    void aVacationReplyToADubiousSourceIsDroppedCountedAndRecorded() throws Exception {
        aliceIsOnVacation();
        Guarded vacation = guarded("VacationMailet");
        Mail dubious = mailToAlice(DUBIOUS, DUBIOUS, 2);

        vacation.service(dubious);

        assertThat(james.getSentMails()).isEmpty();
        assertThat(AnswerGuard.suppressedCodes(dubious)).containsExactly("dnsbl-listed");
        assertThat(suppression.snapshot().suppressed(SuppressionReason.DNSBL_LISTED)).isEqualTo(1);
        assertThat(answers.snapshot("VacationMailet").suppressed(SuppressionReason.DNSBL_LISTED)).isEqualTo(1);
    }

    @Test
    void aVacationReplyToACleanSourceIsSentToTheEnvelopeSender() throws Exception {
        aliceIsOnVacation();
        Guarded vacation = guarded("VacationMailet");

        vacation.service(mailToAlice(CLEAN, CLEAN, 0));

        assertThat(james.getSentMails()).hasSize(1);
        assertThat(james.getSentMails().get(0).getRecipients()).containsExactly(address(CLEAN));
        assertThat(answers.snapshot("VacationMailet").sent()).isEqualTo(1);
        assertThat(suppression.snapshot().sent()).isEqualTo(1);
    }

    @Test
    void aSieveRedirectKeepsTheOriginalsSourceFindingsSoItsBounceIsJudgedByThem() throws Exception {
        sieveScript = "redirect \"friend@outside.example\";\n";
        Guarded sieve = guarded("Sieve");

        sieve.service(mailToAlice(DUBIOUS, DUBIOUS, 2));

        assertThat(james.getSentMails()).hasSize(1);
        assertThat(james.getSentMails().get(0).getRecipients()).containsExactly(address("friend@outside.example"));
        assertThat(james.getSentMails().get(0).getAttributes().get(DnsblFinding.SCORE))
            .isEqualTo(new Attribute(DnsblFinding.SCORE, AttributeValue.of(2)));
    }

    @Test
    void aSieveRejectionOfADubiousSourceIsDroppedWhileItsFileintoStillFilesTheMail() throws Exception {
        sieveScript = "require [\"fileinto\", \"reject\"];\n"
            + "if header :contains \"Subject\" \"file me\" { fileinto \"Filed\"; } else { reject \"Not here.\"; }\n";
        Guarded sieve = guarded("Sieve");
        Mail rejected = mailToAlice(DUBIOUS, DUBIOUS, 2);
        Mail filed = mailToAlice(DUBIOUS, DUBIOUS, 2, "please file me");

        sieve.service(rejected);
        sieve.service(filed);

        assertThat(james.getSentMails()).isEmpty();
        assertThat(AnswerGuard.suppressedCodes(rejected)).containsExactly("dnsbl-listed");
        assertThat(answers.snapshot("Sieve").suppressed(SuppressionReason.DNSBL_LISTED)).isEqualTo(1);
        assertThat(filed.attributes().map(Attribute::getValue).map(AttributeValue::value).map(String::valueOf))
            .as("fileinto's storage directive is on the mail").anyMatch(value -> value.endsWith("Filed"));
    }

    @Test
    void aSieveRejectionAnswersTheReplyToAddressAndIsJudgedForThatAddress() throws Exception {
        sieveScript = "require [\"reject\"];\nreject \"Not here.\";\n";
        Guarded sieve = guarded("Sieve");
        String replyTo = "replies@remote.example";

        // three clean mails from different envelope senders, one Reply-To: its quota (2) runs out
        for (int i = 1; i <= 3; i++) {
            Mail mail = mailToAlice("sender" + i + "@remote.example", replyTo, 0);
            sieve.service(mail);
        }

        assertThat(james.getSentMails()).hasSize(2);
        assertThat(james.getSentMails()).allSatisfy(sent -> assertThat(sent.getRecipients()).containsExactly(address(replyTo)));
        assertThat(answers.snapshot("Sieve").suppressed(SuppressionReason.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void aNotificationToADubiousSenderIsDroppedAndOneToACleanSenderSent() throws Exception {
        Guarded notify = guarded("NotifySender");

        notify.service(mailToAlice(DUBIOUS, DUBIOUS, 2));
        assertThat(james.getSentMails()).isEmpty();
        assertThat(answers.snapshot("NotifySender").suppressed(SuppressionReason.DNSBL_LISTED)).isEqualTo(1);

        notify.service(mailToAlice(CLEAN, CLEAN, 0));
        assertThat(james.getSentMails()).hasSize(1);
        assertThat(james.getSentMails().get(0).getRecipients()).containsExactly(address(CLEAN));
    }

    @Test
    void aBounceThroughTheContextIsJudged() throws Exception {
        Guarded bouncer = guarded("BouncesThroughTheContext");

        bouncer.service(mailToAlice(DUBIOUS, DUBIOUS, 2));
        bouncer.service(mailToAlice("<>", DUBIOUS, 0));
        assertThat(james.getBouncedMails()).isEmpty();
        assertThat(answers.snapshot("BouncesThroughTheContext").suppressed(SuppressionReason.NULL_SENDER)).isEqualTo(1);

        bouncer.service(mailToAlice(CLEAN, CLEAN, 0));
        assertThat(james.getBouncedMails()).hasSize(1);
    }

    @Test
    void aMailReprocessedFromARepositoryAfterItsAnswerIsNotAnsweredAgain() throws Exception {
        Guarded bouncer = guarded("BouncesThroughTheContext");
        Mail mail = mailToAlice(CLEAN, CLEAN, 0);
        bouncer.service(mail);
        assertThat(james.getBouncedMails()).hasSize(1);

        // what WebAdmin's reprocessing adds to each mail it takes from a repository
        mail.setAttribute(new Attribute(org.apache.mailet.AttributeName.of("mailRepository-reprocessing"), AttributeValue.of(true)));
        bouncer.service(mail);

        assertThat(james.getBouncedMails()).hasSize(1);
        assertThat(AnswerGuard.suppressedCodes(mail)).containsExactly("already-answered");
        assertThat(suppression.snapshot().suppressed(SuppressionReason.ALREADY_ANSWERED)).isEqualTo(1);
    }

    @Test
    void aReprocessedMailThatWasNeverAnsweredIsJudgedAsUsual() throws Exception {
        Guarded bouncer = guarded("BouncesThroughTheContext");
        Mail mail = mailToAlice(CLEAN, CLEAN, 0);
        mail.setAttribute(new Attribute(org.apache.mailet.AttributeName.of("mailRepository-reprocessing"), AttributeValue.of(true)));

        bouncer.service(mail);

        assertThat(james.getBouncedMails()).hasSize(1);
    }

    @Test
    void mailToSomeoneOtherThanTheSourcePassesUntouched() throws Exception {
        Guarded forwarder = guarded("ForwardsToAThirdParty");

        forwarder.service(mailToAlice(DUBIOUS, DUBIOUS, 2));

        assertThat(james.getSentMails()).hasSize(1);
        assertThat(suppression.snapshot().suppressedTotal()).isZero();
    }

    @Test
    void theWrappedMailetNeverSeesTheGuardsParameters() throws Exception {
        MailetLoader recording = config -> {
            List<String> names = com.google.common.collect.ImmutableList.copyOf(config.getInitParameterNames());
            assertThat(names).containsExactly("notice").doesNotContain("mailet", "dnsblThreshold", "checkSenderDomain");
            assertThat(config.getInitParameter("dnsblThreshold")).isNull();
            assertThat(config.getMailetContext()).isInstanceOf(GuardedMailetContext.class);
            assertThat(config.getMailetName()).isEqualTo("NotifySender");
            return loader.getMailet(config);
        };
        Guarded guarded = new Guarded(recording, null, suppression, answers, null);
        guarded.init(FakeMailetConfig.builder().mailetName("n").mailetContext(james)
            .setProperty("mailet", "NotifySender").setProperty("dnsblThreshold", "1")
            .setProperty("checkSenderDomain", "false").setProperty("notice", "hello").build());
        assertThat(guarded.getMailetInfo()).contains("NotifySender");
    }

    @Test
    void withoutAMailetToWrapItRefusesToStartSayingWhatIsMissing() {
        Guarded guarded = new Guarded(loader, null, suppression, answers, null);

        assertThatThrownBy(() -> guarded.init(FakeMailetConfig.builder().mailetName("g").mailetContext(james).build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'mailet' is required");
    }

    @Test
    void aBadGuardParameterIsReportedWithTheWrappedMailetsName() {
        assertThatThrownBy(() -> guarded("VacationMailet", "dnsblThreshold", "0"))
            .hasMessageContaining("Guarded(VacationMailet): parameter 'dnsblThreshold'").hasMessageContaining("must be at least 1");
    }

    @ParameterizedTest
    @CsvSource({"dnsblTreshold, dnsblThreshold", "suppressOnSpamm, suppressOnSpam", "Mode, mode",
        "chekSenderDomain, checkSenderDomain", "zone, zones", "auditrepository, auditRepository"})
    void aNearMissOfAGuardParameterIsRefusedNamingTheGuardParameterItResembles(String typo, String meant) {
        assertThatThrownBy(() -> guarded("VacationMailet", typo, "3"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("Guarded(VacationMailet): unknown parameter '" + typo + "'; did you mean '" + meant + "'?");
    }

    @Test
    void theParametersOfJamesAnsweringMailetsStillReachTheWrappedMailet() throws Exception {
        // every parameter name James 3.8.1's NotifySender, Bounce, Redirect, Resend and Forward read
        List<String> jamesParameters = List.of("attachError", "attachment", "debug", "fakeDomainCheck", "forwardTo", "forwardto",
            "inline", "isReply", "message", "notice", "passThrough", "prefix", "recipients", "replyTo", "replyto", "reversePath",
            "sender", "sendingAddress", "static", "subject", "to", "onMailetException");
        List<String> seen = new java.util.ArrayList<>();
        MailetLoader recording = config -> {
            config.getInitParameterNames().forEachRemaining(seen::add);
            return jamesMailets.get("ForwardsToAThirdParty").apply("recording");
        };
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("n").mailetContext(james)
            .setProperty("mailet", "Redirect").setProperty("dnsblThreshold", "1").setProperty("checkSenderDomain", "false");
        jamesParameters.forEach(name -> config.setProperty(name, "false"));

        new Guarded(recording, null, suppression, answers, null).init(config.build());

        assertThat(seen).containsExactlyInAnyOrderElementsOf(jamesParameters);
    }

    @Test
    void aRealNotifySenderWithItsOwnParametersStartsAndAnswersACleanSender() throws Exception {
        Guarded notifier = guarded("NotifySender", "sendingAddress", "postmaster@bounceguard.test", "prefix", "[notice]",
            "attachError", "true", "notice", "We looked at your mail.", "passThrough", "true");

        notifier.service(mailToAlice(CLEAN, CLEAN, 0));

        assertThat(james.getSentMails()).hasSize(1);
        assertThat(james.getSentMails().get(0).getMsg().getSubject()).startsWith("[notice]");
    }

    @Test
    void aMailetJamesCannotFindIsRefusedNamingTheParameterAndTheClass() {
        // what James's own loader throws for a class it cannot find
        MailetLoader james = config -> {
            throw new MessagingException("Can not load mailet " + config.getMailetName(), new ClassNotFoundException(config.getMailetName()));
        };
        Guarded guarded = new Guarded(james, null, suppression, answers, null);

        assertThatThrownBy(() -> guarded.init(FakeMailetConfig.builder().mailetName("g").mailetContext(this.james)
                .setProperty("mailet", "VacationMailets").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("Guarded: parameter 'mailet': James has no mailet 'VacationMailets'");
    }

    @Test
    void aWrappedMailetThatRefusesItsOwnConfigurationIsNamedWithItsReason() {
        MailetLoader james = config -> {
            throw new MessagingException("Can not load mailet " + config.getMailetName(), new MessagingException("Unknown attachment value: sometimes"));
        };
        Guarded guarded = new Guarded(james, null, suppression, answers, null);

        assertThatThrownBy(() -> guarded.init(FakeMailetConfig.builder().mailetName("g").mailetContext(this.james)
                .setProperty("mailet", "NotifySender").setProperty("attachment", "sometimes").build()))
            .hasMessageContaining("Guarded(NotifySender): NotifySender did not start: Unknown attachment value: sometimes");
    }

    @Test
    void guardParameterValuesAreCheckedAsForTheGuardedBounces() {
        assertThatThrownBy(() -> guarded("Sieve", "mode", "strict"))
            .hasMessageContaining("Guarded(Sieve): parameter 'mode' 'strict' is not a mode");
        assertThatThrownBy(() -> guarded("Sieve", "suppressOnSpam", "maybe"))
            .hasMessageContaining("Guarded(Sieve): parameter 'suppressOnSpam' 'maybe' is not true or false");
        assertThatThrownBy(() -> guarded("Sieve", "zones", "bl.spamcop.net*two"))
            .hasMessageContaining("Guarded(Sieve): parameter 'zones'");
    }

    private void aliceIsOnVacation() {
        vacations.modifyVacation(AccountId.fromString(ALICE),
            VacationPatch.builder().isEnabled(true).subject("Away").textBody("I am away.").build()).block();
    }

    private Mail mailToAlice(String envelopeSender, String fromHeader, int dnsblScore) throws Exception {
        return mailToAlice(envelopeSender, fromHeader, dnsblScore, "hello alice");
    }

    private Mail mailToAlice(String envelopeSender, String fromHeader, int dnsblScore, String subject) throws Exception {
        MimeMessage message = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), new ByteArrayInputStream((
            "From: " + fromHeader + "\r\n"
                + "To: " + ALICE + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + System.nanoTime() + "@client.example>\r\n"
                + "\r\nHello.\r\n").getBytes(StandardCharsets.US_ASCII)));
        FakeMail.Builder mail = FakeMail.builder()
            .name("mail-" + System.nanoTime())
            .state(Mail.DEFAULT)
            .recipient(ALICE)
            .mimeMessage(message)
            .attribute(new Attribute(DnsblFinding.SCORE, AttributeValue.of(dnsblScore)));
        if (!envelopeSender.equals("<>")) {
            mail.sender(envelopeSender);
        }
        return mail.build();
    }

    private static Mailet notifySender() {
        try {
            DNSService dns = (DNSService) Proxy.newProxyInstance(GuardedTest.class.getClassLoader(), new Class<?>[] {DNSService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLocalHost" -> InetAddress.getLoopbackAddress();
                    case "getHostName" -> "mx.bounceguard.test";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
            Constructor<?> constructor = Class.forName("org.apache.james.transport.mailets.NotifySender").getDeclaredConstructor(DNSService.class);
            // package-private, as Guice calls it
            constructor.setAccessible(true);
            return (Mailet) constructor.newInstance(dns);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SimpleResolver unusedResolver() {
        try {
            return new SimpleResolver("127.0.0.1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
