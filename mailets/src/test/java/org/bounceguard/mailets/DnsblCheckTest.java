package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.findings.ClientCheck;
import org.bounceguard.findings.DnsblCheckSettings;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.matchers.DnsblScoreAtLeast;
import org.bounceguard.matchers.InDnsbl;
import org.bounceguard.net.TrustedRelays;
import org.bounceguard.services.DnsblService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

/** The James adapters' own behaviour: configuration errors and never failing a mail over DNS. */
class DnsblCheckTest {
    // a resolver nobody listens on: every look-up fails, which must never fail the mail
    private final DnsblService service = DnsblService.forTesting(DnsblEngine.builder()
        .servers(java.util.List.of(new java.net.InetSocketAddress("127.0.0.1", 9)))
        .queryTimeout(Duration.ofMillis(200))
        .deadline(Duration.ofMillis(500))
        .healthProbeInterval(Duration.ZERO)
        .skipLoopback(false)
        .build());

    @AfterEach
    void close() {
        service.close();
    }

    @Test
    void badZoneFailsInitNamingTheMailetTheParameterAndTheToken() {
        DnsblCheck mailet = new DnsblCheck(service);

        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*x").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("DnsblCheck")
            .hasMessageContaining("'zones'")
            .hasMessageContaining("zen.spamhaus.org*x");
    }

    @Test
    void missingZonesAndBadDurationsAreReported() {
        assertThatThrownBy(() -> new DnsblCheck(service).init(FakeMailetConfig.builder().mailetName("dnsbl").build()))
            .hasMessageContaining("'zones' is required");
        assertThatThrownBy(() -> new DnsblCheck(service).init(FakeMailetConfig.builder().mailetName("dnsbl")
                .setProperty("zones", "zen.spamhaus.org").setProperty("deadline", "soon").build()))
            .hasMessageContaining("'deadline'").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> new DnsblCheck(service).init(FakeMailetConfig.builder().mailetName("dnsbl")
                .setProperty("zones", "zen.spamhaus.org").setProperty("trustedRelays", "10.0.0.0/99").build()))
            .hasMessageContaining("'trustedRelays'").hasMessageContaining("10.0.0.0/99");
    }

    @Test
    void unreachableDnsLeavesTheMailGoingWithItsErrorsRecorded() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3")
            .setProperty("header", "X-Bounceguard-Dnsbl").build());
        FakeMail mail = FakeMail.builder().name("m1").sender("bob@example.com").recipient("alice@example.org")
            .remoteAddr("192.0.2.1").mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes()))).build();

        mailet.service(mail);

        assertThat(DnsblFinding.score(mail)).contains(0);
        assertThat(mail.getMessage().getHeader("X-Bounceguard-Dnsbl")[0]).contains("zen.spamhaus.org:");
        assertThat(mail.getState()).isNotEqualTo(org.apache.mailet.Mail.ERROR);
    }

    @Test
    void mailThisServerGeneratedIsNotJudgedAsIfItsLoopbackClientSentIt() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3")
            .setProperty("header", "X-Bounceguard-Dnsbl").build());
        FakeMail reply = FakeMail.builder().name("vacation-reply").recipient("bob@example.com")
            .remoteAddr("127.0.0.1").attribute(org.apache.mailet.Mail.SENT_BY_MAILET_ATTRIBUTE)
            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream("Subject: away\r\n\r\nbody\r\n".getBytes()))).build();

        mailet.service(reply);

        assertThat(DnsblFinding.score(reply)).isEmpty();
        assertThat(reply.getMessage().getHeader("X-Bounceguard-Dnsbl")).isNull();
    }

    @Test
    void aBounceBehindATrustedRelayIsCheckedInSafeModeForTheClientTheRelayRecorded() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "ips.backscatterer.org*3:safe")
            .setProperty("trustedRelays", "192.0.2.0/27").build());
        String relayed = "Received: from [198.51.100.7] (unknown [203.0.113.66])\r\n\tby relay.example.org (Postfix) with ESMTP id 4QX1;"
            + " Mon, 1 Jan 2024 00:00:00 +0000\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\nbody\r\n";
        FakeMail bounce = FakeMail.builder().name("bounce").recipient("alice@example.org").remoteAddr("192.0.2.10")
            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(relayed.getBytes()))).build();

        mailet.service(bounce);

        // the verdict safe mode (IsBackscatter) and the NDR guard read is the one for Postfix's record, not the EHLO literal
        assertThat(DnsblFinding.client(bounce)).contains(ClientCheck.checked(InetAddresses.forString("203.0.113.66")));
    }

    @Test
    void matcherConditionsAreValidated() {
        assertThatThrownBy(() -> new DnsblScoreAtLeast().init(FakeMatcherConfig.builder().matcherName("DnsblScoreAtLeast").condition("three").build()))
            .hasMessageContaining("DnsblScoreAtLeast").hasMessageContaining("'three'");
        assertThatThrownBy(() -> new InDnsbl(service).init(FakeMatcherConfig.builder().matcherName("InDnsbl").condition("zen.spamhaus.org; limit=3").build()))
            .hasMessageContaining("InDnsbl").hasMessageContaining("threshold=N");
    }

    @Test
    void scoreMatcherReadsTheStoredVerdict() throws Exception {
        DnsblScoreAtLeast matcher = new DnsblScoreAtLeast();
        matcher.init(FakeMatcherConfig.builder().matcherName("DnsblScoreAtLeast").condition("3").build());
        FakeMail listed = FakeMail.builder().name("m2").recipient("alice@example.org").build();
        new DnsblFinding(ClientCheck.checked(InetAddresses.forString("192.0.2.1")), new org.bounceguard.dnsbl.DnsblVerdict(java.util.List.of(
            new org.bounceguard.dnsbl.Listing(org.bounceguard.dnsbl.ZoneSpec.parse("zen.spamhaus.org*3"), "1.2.0.192.zen.spamhaus.org",
                java.util.List.of("127.0.0.2"), java.util.Optional.empty())), java.util.List.of(), java.util.Optional.empty())).writeTo(listed);
        FakeMail unchecked = FakeMail.builder().name("m3").recipient("alice@example.org").build();

        assertThat(matcher.match(listed)).hasSize(1);
        assertThat(matcher.match(unchecked)).isEmpty();
    }

    @Test
    void aVerdictAttachedInTheSmtpSessionIsUsedAsItIsAndOnlyOnce() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3")
            .setProperty("header", "X-Bounceguard-Dnsbl").build());
        org.bounceguard.services.SessionCheck check = service.sessionCheck().orElseThrow();
        FakeMail mail = mailFrom("192.0.2.7");
        org.bounceguard.findings.AttachedVerdict.attach(mail, check.settings(), listedByZen("192.0.2.7"), 0);
        long queriesBefore = service.engine().zoneStatus("zen.spamhaus.org").orElseThrow().queries();

        mailet.service(mail);

        // the resolver is unreachable: a look-up would have given score 0 and an error instead
        assertThat(org.bounceguard.findings.DnsblFinding.score(mail)).contains(3);
        assertThat(mail.getMessage().getHeader("X-Bounceguard-Dnsbl")[0])
            .startsWith("client=192.0.2.7; score=3; listed=zen.spamhaus.org:127.0.0.2; errors=none; waited=");
        assertThat(service.engine().zoneStatus("zen.spamhaus.org").orElseThrow().queries()).isEqualTo(queriesBefore);

        mailet.service(mail);

        // processed again (reprocessed from a repository): looked up afresh
        assertThat(org.bounceguard.findings.DnsblFinding.score(mail)).contains(0);
        assertThat(service.engine().zoneStatus("zen.spamhaus.org").orElseThrow().queries()).isEqualTo(queriesBefore + 1);
    }

    @Test
    void aVerdictAttachedForAnotherCheckIsIgnored() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3").build());
        FakeMail mail = mailFrom("192.0.2.8");
        org.bounceguard.findings.AttachedVerdict.attach(mail, new DnsblCheckSettings(ZoneSpec.parseList("bl.spamcop.net"), Optional.empty(),
            TrustedRelays.NONE, false), listedByZen("192.0.2.8"), 0);

        mailet.service(mail);

        assertThat(org.bounceguard.findings.DnsblFinding.score(mail)).contains(0);
    }

    @Test
    void aVerdictAttachedForTheSameZonesButOtherSettingsIsIgnored() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3")
            .setProperty("trustedRelays", "192.0.2.0/27").build());
        DnsblCheckSettings ownSettings = service.sessionCheck().orElseThrow().settings();
        FakeMail otherRelays = mailFrom("192.0.2.40");
        org.bounceguard.findings.AttachedVerdict.attach(otherRelays, new DnsblCheckSettings(ownSettings.zones(), Optional.empty(),
            TrustedRelays.parse("192.0.2.0/26"), false), listedByZen("192.0.2.40"), 0);
        FakeMail otherDeadline = mailFrom("192.0.2.41");
        org.bounceguard.findings.AttachedVerdict.attach(otherDeadline, new DnsblCheckSettings(ownSettings.zones(), Optional.of(Duration.ofSeconds(2)),
            ownSettings.trustedRelays(), false), listedByZen("192.0.2.41"), 0);

        mailet.service(otherRelays);
        mailet.service(otherDeadline);

        assertThat(DnsblFinding.score(otherRelays)).contains(0);
        assertThat(DnsblFinding.score(otherDeadline)).contains(0);
    }

    @Test
    void anAttachedVerdictSurvivesTheQueuesSerialisationAndOnlyItsFindingIsWritten() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3")
            .setProperty("trustedRelays", "192.0.2.0/27, 2001:db8::/32").setProperty("deadline", "3s").build());
        FakeMail session = mailFrom("192.0.2.70");
        org.bounceguard.findings.AttachedVerdict.attach(session, service.sessionCheck().orElseThrow().settings(), listedByZen("192.0.2.70"), 0);
        FakeMail queued = mailFrom("192.0.2.70");
        session.attributes().forEach(attribute -> queued.setAttribute(new org.apache.mailet.Attribute(attribute.getName(),
            org.apache.mailet.AttributeValue.fromJson(attribute.getValue().toJson().orElseThrow()))));

        mailet.service(queued);

        assertThat(DnsblFinding.score(queued)).contains(3);
        assertThat(DnsblFinding.client(queued)).contains(ClientCheck.checked(InetAddresses.forString("192.0.2.70")));
        assertThat(DnsblFinding.listedZones(queued)).containsExactly("zen.spamhaus.org");
        assertThat(queued.attributes().map(attribute -> attribute.getName().asString()))
            .doesNotContain("bounceguard.dnsbl.attached", "bounceguard.dnsbl.attachedFor");
    }

    @Test
    void anOlderVersionsTextMarkerIsIgnoredAndTheMailLookedUp() throws Exception {
        DnsblCheck mailet = new DnsblCheck(service);
        mailet.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3").build());
        FakeMail mail = mailFrom("192.0.2.9");
        listedByZen("192.0.2.9").writeTo(mail);
        mail.setAttribute(new org.apache.mailet.Attribute(org.bounceguard.findings.AttachedVerdict.ATTACHED_FOR,
            org.apache.mailet.AttributeValue.of("zones=[zen.spamhaus.org*3]; deadline=; trustedRelays=; checkAuthenticated=false")));

        mailet.service(mail);

        assertThat(DnsblFinding.score(mail)).contains(0);
    }

    @Test
    void theSessionCheckIsTheFirstDeclarations() throws Exception {
        DnsblCheck first = new DnsblCheck(service);
        first.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "zen.spamhaus.org*3").build());
        DnsblCheck second = new DnsblCheck(service);
        second.init(FakeMailetConfig.builder().mailetName("dnsbl").setProperty("zones", "bl.spamcop.net").build());

        assertThat(service.sessionCheck().orElseThrow().settings().zones()).map(ZoneSpec::toString).containsExactly("zen.spamhaus.org*3");
    }

    private static org.bounceguard.findings.DnsblFinding listedByZen(String client) {
        return new org.bounceguard.findings.DnsblFinding(ClientCheck.checked(InetAddresses.forString(client)), new org.bounceguard.dnsbl.DnsblVerdict(java.util.List.of(
            new org.bounceguard.dnsbl.Listing(org.bounceguard.dnsbl.ZoneSpec.parse("zen.spamhaus.org*3"), "zen.spamhaus.org",
                java.util.List.of("127.0.0.2"), java.util.Optional.empty())), java.util.List.of(), java.util.Optional.empty()));
    }

    private static FakeMail mailFrom(String client) throws Exception {
        return FakeMail.builder().name("m-" + client).sender("bob@example.com").recipient("alice@example.org")
            .remoteAddr(client).mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream("Subject: hi\r\n\r\nbody\r\n".getBytes()))).build();
    }
}
