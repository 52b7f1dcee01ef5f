package org.bounceguard.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.bounceguard.net.TrustedRelays;
import org.junit.jupiter.api.Test;

class MailFactsTest {
    private static FakeMail mail(String remoteAddr, String headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream((headers + "Subject: x\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
        return FakeMail.builder().name("m").sender("bob@example.com").recipient("alice@example.org")
            .remoteAddr(remoteAddr).mimeMessage(message).build();
    }

    private static final String CHAIN =
        "Received: from relay.example.org (relay.example.org [192.0.2.10]) by mx.example.org; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
            + "Received: from edge.example.org ([192.0.2.20]) by relay.example.org; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
            + "Received: from spambot (unknown [IPv6:2001:db8::bad]) by edge.example.org; Mon, 1 Jan 2024 00:00:00 +0000\r\n";

    @Test
    void withoutTrustedRelaysTheConnectingClientIsJudged() throws Exception {
        assertThat(MailFacts.client(mail("192.0.2.10", CHAIN), TrustedRelays.NONE))
            .hasValueSatisfying(address -> assertThat(address.getHostAddress()).isEqualTo("192.0.2.10"));
    }

    @Test
    void behindTrustedRelaysTheFirstUntrustedHopIsJudged() throws Exception {
        assertThat(MailFacts.client(mail("192.0.2.10", CHAIN), TrustedRelays.parse("192.0.2.0/27")))
            .hasValueSatisfying(address -> assertThat(address.getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:bad"));
    }

    @Test
    void anUntrustedConnectionIgnoresWhatItsHeadersClaim() throws Exception {
        assertThat(MailFacts.client(mail("203.0.113.5", CHAIN), TrustedRelays.parse("192.0.2.0/27")))
            .hasValueSatisfying(address -> assertThat(address.getHostAddress()).isEqualTo("203.0.113.5"));
    }

    @Test
    void behindATrustedPostfixTheClientIsWhatPostfixRecordedNotItsEhloLiteral() throws Exception {
        String laundering = "Received: from relay.example.org (EHLO relay.example.org) ([192.0.2.10]) by mx.example.org"
            + " (JAMES SMTP Server ) with ESMTP ID 1; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
            + "Received: from [127.55.0.1] (unknown [203.0.113.66])\r\n\tby relay.example.org (Postfix) with ESMTP id 4QX1\r\n"
            + "\tfor <alice@example.org>; Mon, 1 Jan 2024 00:00:00 +0000\r\n";

        // DnsblCheck's verdict, which safe mode (bounces) and the NDR guard read, is made for this address
        assertThat(MailFacts.client(mail("192.0.2.10", laundering), TrustedRelays.parse("192.0.2.0/27")))
            .hasValueSatisfying(address -> assertThat(address.getHostAddress()).isEqualTo("203.0.113.66"));
    }

    @Test
    void anAllTrustedChainOrAnUnparsableAddressGivesNoClient() throws Exception {
        assertThat(MailFacts.client(mail("192.0.2.10", CHAIN), TrustedRelays.parse("192.0.2.0/24, 2001:db8::/32"))).isEmpty();
        assertThat(MailFacts.client(mail("not-an-address", CHAIN), TrustedRelays.NONE)).isEmpty();
    }

    private static FakeMail from(String sender) throws Exception {
        FakeMail.Builder mail = FakeMail.builder().name("m").recipient("x@example.org");
        return (sender == null ? mail : mail.sender(sender)).build();
    }

    @Test
    void bouncesAreNullSendersPostmasterAndMailerDaemon() throws Exception {
        assertThat(MailFacts.isBounce(from(null))).isTrue();
        assertThat(MailFacts.isBounce(from("Postmaster@example.com"))).isTrue();
        assertThat(MailFacts.isBounce(from("MAILER-DAEMON@mx.example.com"))).isTrue();
        assertThat(MailFacts.isBounce(from("bob@example.com"))).isFalse();
        assertThat(MailFacts.isBounce(from("postmaster-team@example.com"))).isFalse();
    }

    @Test
    void aBounceFromMailerDaemonIsAskedOfSafeModeZones() throws Exception {
        // safe-mode zones (ips.backscatterer.org) answer only for bounces: MAILER-DAEMON@ is one
        assertThat(MailFacts.dnsblQuery(from("MAILER-DAEMON@mx.example.com"), Optional.empty()).bounce()).isTrue();
        assertThat(MailFacts.dnsblQuery(from("bob@example.com"), Optional.empty()).bounce()).isFalse();
    }

    @Test
    void aBounceThisServerGeneratedIsNotAnIncomingBounce() throws Exception {
        FakeMail ours = from(null);
        ours.setAttribute(org.apache.mailet.Mail.SENT_BY_MAILET_ATTRIBUTE);

        assertThat(MailFacts.isIncomingBounce(from("MAILER-DAEMON@mx.example.com"))).isTrue();
        assertThat(MailFacts.isIncomingBounce(ours)).isFalse();
    }

    @Test
    void aChainOfFiveThousandTrustedHopsIsReadOnlyAHundredDeep() throws Exception {
        StringBuilder chain = new StringBuilder();
        for (int hop = 0; hop < 5_000; hop++) {
            chain.append("Received: from relay").append(hop).append(" ([192.0.2.").append(hop % 200 + 1)
                .append("]) by next.example.org; Mon, 1 Jan 2024 00:00:00 +0000\r\n");
        }
        chain.append("Received: from spambot ([203.0.113.66]) by relay4999; Mon, 1 Jan 2024 00:00:00 +0000\r\n");

        // the untrusted origin lies beyond the 100 hops anyone reads: no client to judge, and no time spent finding out
        assertThat(MailFacts.client(mail("192.0.2.10", chain.toString()), TrustedRelays.parse("192.0.2.0/24"))).isEmpty();
    }
}
