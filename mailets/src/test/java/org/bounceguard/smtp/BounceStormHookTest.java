package org.bounceguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.bounceguard.backscatter.BatvEvidenceSource;
import org.bounceguard.backscatter.EvidenceSources;
import org.bounceguard.backscatter.batv.BatvKeys;
import org.bounceguard.configuration.StormSettings;
import org.bounceguard.findings.BackscatterFinding;
import org.bounceguard.matchers.IsBackscatter;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.BackscatterService;
import org.bounceguard.services.BatvService;
import org.bounceguard.services.BounceStormService;
import org.bounceguard.storm.MemoryStormStore;
import org.bounceguard.storm.StormPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The end-of-DATA judgement on James's types, without a server: sessions and domain lists are stand-ins. */
class BounceStormHookTest {
    private static final String ALICE = "alice@example.org";
    private static final int THRESHOLD = 3;
    private static final SMTPSession ANONYMOUS_SESSION = (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(),
        new Class<?>[] {SMTPSession.class}, (proxy, method, args) -> null);
    private static final DomainList OUR_DOMAINS = (DomainList) Proxy.newProxyInstance(DomainList.class.getClassLoader(),
        new Class<?>[] {DomainList.class}, (proxy, method, args) ->
            method.getName().equals("containsDomain") ? Domain.of("example.org").equals(args[0]) : null);

    private final BatvService batv = new BatvService(BatvKeys.parse("1:a unit test batv key"), 7, Set.of(), Clock.systemUTC());
    private BackscatterService backscatter;
    private BounceStormService storms;

    @BeforeEach
    void start() {
        backscatter = new BackscatterService(new EvidenceSources(List.of(new BatvEvidenceSource())), Gauges.NONE);
        StormPolicy policy = new StormPolicy(THRESHOLD, Duration.ofMinutes(10), Duration.ofHours(1));
        storms = new BounceStormService(new MemoryStormStore(policy, Clock.systemUTC()), new StormSettings(policy, "memory"), Gauges.NONE);
    }

    @AfterEach
    void stop() {
        storms.close();
        backscatter.close();
    }

    private BounceStormHook hook(boolean refuseUnprovenBounces) throws Exception {
        BounceStormHook hook = new BounceStormHook(backscatter, storms, () -> batv, OUR_DOMAINS);
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty(BounceStormHook.REFUSE_UNPROVEN_BOUNCES, refuseUnprovenBounces);
        hook.init(config);
        return hook;
    }

    private static FakeMail bounce(String recipient, String body) throws Exception {
        String text = "From: MAILER-DAEMON@mx.remote.example\r\nTo: " + recipient + "\r\nSubject: failure notice\r\n" + body;
        return FakeMail.builder().name("bounce-" + System.nanoTime()).recipient(recipient)
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))))
            .build();
    }

    private static FakeMail forged(String recipient) throws Exception {
        return bounce(recipient, "\r\nYour message could not be delivered.\r\n");
    }

    private static boolean refused(HookResult result) {
        return result.getResult().equals(HookReturnCode.deny()) && "550".equals(result.getSmtpRetCode())
            && result.getSmtpDescription().startsWith("5.7.1");
    }

    @Test
    void theBounceReachingTheThresholdIsTheLastOneAcceptedAndEachIsCountedOnce() throws Exception {
        BounceStormHook hook = hook(false);
        IsBackscatter matcher = new IsBackscatter(backscatter, storms);
        matcher.init(FakeMatcherConfig.builder().matcherName("IsBackscatter").condition("any").build());

        for (int i = 0; i < THRESHOLD; i++) {
            FakeMail mail = forged(ALICE);
            assertThat(hook.onMessage(ANONYMOUS_SESSION, mail)).isEqualTo(HookResult.DECLINED);
            assertThat(matcher.match(mail)).as("quarantined by the matcher, on the evidence the hook kept").hasSize(1);
        }
        assertThat(storms.storms().counters().unprovenCounted()).isEqualTo(THRESHOLD);
        assertThat(storms.storms().inStorm(ALICE)).isTrue();

        assertThat(refused(hook.onMessage(ANONYMOUS_SESSION, forged(ALICE)))).isTrue();
        assertThat(storms.storms().counters().refusedAtData()).isEqualTo(1);
        assertThat(hook.onMessage(ANONYMOUS_SESSION, forged("bob@example.org"))).as("another recipient").isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aBounceToAValidBatvTagIsAcceptedDuringAStormAndProvenForTheMatcher() throws Exception {
        BounceStormHook hook = hook(false);
        for (int i = 0; i < THRESHOLD; i++) {
            hook.onMessage(ANONYMOUS_SESSION, forged(ALICE));
        }
        FakeMail genuine = forged(batv.sign(ALICE));

        assertThat(hook.onMessage(ANONYMOUS_SESSION, genuine)).isEqualTo(HookResult.DECLINED);
        assertThat(BackscatterFinding.evidence(genuine).orElseThrow().provenRecipients()).containsExactly(ALICE);
        IsBackscatter matcher = new IsBackscatter(backscatter, storms);
        matcher.init(FakeMatcherConfig.builder().matcherName("IsBackscatter").condition("any").build());
        assertThat(matcher.match(genuine)).isEmpty();
    }

    @Test
    void anInventedTagIsNoProof() throws Exception {
        BounceStormHook hook = hook(false);
        for (int i = 0; i < THRESHOLD; i++) {
            hook.onMessage(ANONYMOUS_SESSION, forged(ALICE));
        }
        assertThat(refused(hook.onMessage(ANONYMOUS_SESSION, forged("prvs=1234abcdef=" + ALICE)))).isTrue();
    }

    @Test
    void aBounceProvenForOneRecipientIsAcceptedWholeDuringAStorm() throws Exception {
        BounceStormHook hook = hook(false);
        for (int i = 0; i < THRESHOLD; i++) {
            hook.onMessage(ANONYMOUS_SESSION, forged(ALICE));
        }
        FakeMail mail = forged(ALICE);
        mail.setRecipients(List.of(new org.apache.james.core.MailAddress(ALICE), new org.apache.james.core.MailAddress(batv.sign("bob@example.org"))));

        assertThat(hook.onMessage(ANONYMOUS_SESSION, mail)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void malformedMimeIsJudgedOnWhatCanBeReadAndNeverThrows() throws Exception {
        BounceStormHook hook = hook(false);
        String broken = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"never-opened\"\r\n\r\nno start boundary here\r\n";
        assertThat(hook.onMessage(ANONYMOUS_SESSION, bounce("carol@example.org", broken))).isEqualTo(HookResult.DECLINED);
        for (int i = 0; i < THRESHOLD; i++) {
            hook.onMessage(ANONYMOUS_SESSION, forged(ALICE));
        }
        assertThat(refused(hook.onMessage(ANONYMOUS_SESSION, bounce(ALICE, broken)))).as("no way around a storm").isTrue();
    }

    @Test
    void refusingUnprovenBouncesAlwaysNeedsNoStormAndSparesProvenOnesAndOrdinaryMail() throws Exception {
        BounceStormHook hook = hook(true);

        assertThat(refused(hook.onMessage(ANONYMOUS_SESSION, forged(ALICE)))).isTrue();
        assertThat(hook.onMessage(ANONYMOUS_SESSION, forged(batv.sign(ALICE)))).isEqualTo(HookResult.DECLINED);
        FakeMail ordinary = FakeMail.builder().name("ordinary").sender("bob@remote.example").recipient(ALICE)
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream("Subject: hello\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)))).build();
        assertThat(hook.onMessage(ANONYMOUS_SESSION, ordinary)).isEqualTo(HookResult.DECLINED);
        assertThat(storms.storms().inStorm(ALICE)).isFalse();
    }
}
