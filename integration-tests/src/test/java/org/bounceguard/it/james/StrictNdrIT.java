package org.bounceguard.it.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bounceguard.it.support.BounceguardJames.ALICE;
import static org.bounceguard.it.support.BounceguardJames.ALICE_PASSWORD;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.jdkim.DKIMSigner;
import org.bounceguard.it.support.BounceguardJames;
import org.bounceguard.it.support.Mails;
import org.bounceguard.it.support.StandardSetUp;
import org.bounceguard.testsupport.Dsns;
import org.bounceguard.testsupport.Rbldnsd;
import org.bounceguard.testsupport.RemoteMta;
import org.bounceguard.testsupport.SmtpClient;
import org.bounceguard.testsupport.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.SimpleResolver;

/**
 * The NDR guard's authenticated-only mode in a real James: every guarded bounce of the sample
 * configuration switched to {@code <mode>authenticated-only</mode>}, James's own SPF mailet judging
 * the senders against TXT records that rbldnsd serves (the JVM's default resolver points at it, as
 * /etc/resolv.conf would in production), James's DKIMVerify checking a signature against a key
 * published the same way, RemoteDelivery's gateway standing in for the Internet.
 */
class StrictNdrIT {

    /** The signing key of signed.example; its public half is published by rbldnsd below. */
    private static final KeyPair DKIM_KEY = dkimKey();

    static final Rbldnsd rbldnsd = Rbldnsd.withSampleZonesListingNothing()
        // SPF pass for any loopback client; a mail exchanger so that the NDR is deliverable
        .zone("proven.example", "generic", "@ TXT \"v=spf1 ip4:127.0.0.0/8 -all\"",
            "@ MX 10 mx.proven.example.", "mx A 192.0.2.25")
        // no SPF record at all: SPF "none"
        .zone("unproven.example", "generic", "@ MX 10 mx.unproven.example.", "mx A 192.0.2.26")
        // no SPF either, but a DKIM key: its mail is proven by a verified signature
        .zone("signed.example", "generic", "@ MX 10 mx.signed.example.", "mx A 192.0.2.27",
            "sel._domainkey TXT \"v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(DKIM_KEY.getPublic().getEncoded()) + "\"");

    private static KeyPair dkimKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024); // the TXT record must fit one 255-character string
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final RemoteMta remoteMta = new RemoteMta();

    @RegisterExtension
    static StandardSetUp setUp = StandardSetUp.with(rbldnsd)
        .remoteMta(remoteMta)
        .settings(StrictNdrIT::pointDnsjavaAtRbldnsd)
        // James's DNS service would make its own resolver (port 53 only) dnsjava's default
        .confEdit("dnsservice.xml", "<autodiscover>", "<setAsDNSJavaDefault>false</setAsDNSJavaDefault>\n    <autodiscover>")
        .confEdit("mailetcontainer.xml", "<mode>dubious-source</mode>", "<mode>authenticated-only</mode>")
        // the sample configuration skips SPF for private and loopback clients; every test client is one
        .confEdit("mailetcontainer.xml", "<addHeader>true</addHeader>", "<addHeader>true</addHeader>\n                <ignoreLocalIps>false</ignoreLocalIps>")
        .build();

    private static Map<String, String> pointDnsjavaAtRbldnsd() {
        // James's SPF mailet resolves through dnsjava's default resolver, taken when it starts
        Lookup.setDefaultResolver(new SimpleResolver(rbldnsd.address()));
        return Map.of();
    }

    @Test
    void senderWhoseDomainPassesSpfGetsTheNdr() throws Exception {
        TestMail.send(Dsns.acceptThenCheck(), "127.1.1.1", "bob@proven.example", "nobody-spf@bounceguard.test", "from an SPF-pass sender");

        RemoteMta.Captured ndr = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> remoteMta.messagesTo("bob@proven.example"), list -> !list.isEmpty()).get(0);
        assertThat(ndr.mailFrom()).as("an NDR has a null reverse path").isEmpty();
        Dsns.assertWellFormed(ndr.raw(), "nobody-spf@bounceguard.test", TestMail.messageId("from an SPF-pass sender"));
    }

    @Test
    void senderWithoutSpfGetsNoNdrAndTheFailedMailIsKept(GuiceJamesServer server) throws Exception {
        long before = setUp.counters().ndrsSuppressedFor("return-path-unproven");
        TestMail.send(Dsns.acceptThenCheck(), "127.1.1.2", "carol@unproven.example", "nobody-none@bounceguard.test", "from an SPF-none sender");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> setUp.counters().ndrsSuppressedFor("return-path-unproven") > before);
        Mails.awaitInRepository(server, "memory://var/mail/address-error/", "from an SPF-none sender");
        Dsns.awaitControlNdr(remoteMta, "proven.example");
        assertThat(remoteMta.messagesTo("carol@unproven.example")).isEmpty();
    }

    @Test
    void senderWithoutSpfButWithAVerifiedAlignedDkimSignatureGetsTheNdr() throws Exception {
        String unsigned = TestMail.message("dana@signed.example", "nobody-dkim@bounceguard.test", "from a DKIM-signed sender")
            .replace("\r\n", "\n").replace("\n", "\r\n");
        DKIMSigner signer = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=signed.example; s=sel; "
            + "h=from:to:subject; bh=; b=;", DKIM_KEY.getPrivate());
        String signature = signer.sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.US_ASCII)));
        String signed = signature + "\r\n" + unsigned;

        SmtpClient.Outcome outcome = Dsns.acceptThenCheck()
            .send("127.1.1.4", "client.example", "dana@signed.example", "nobody-dkim@bounceguard.test", signed);
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        RemoteMta.Captured ndr = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> remoteMta.messagesTo("dana@signed.example"), list -> !list.isEmpty()).get(0);
        Dsns.assertWellFormed(ndr.raw(), "nobody-dkim@bounceguard.test", TestMail.messageId("from a DKIM-signed sender"));
    }

    @Test
    void localUsersFailedMailStillBouncesToHer(GuiceJamesServer server) throws Exception {
        // 127.0.0.1 is an authorized network in conf/smtpserver.xml; alice's address is local
        String subject = "strict mode, local sender";
        SmtpClient.Outcome outcome = BounceguardJames.smtp(server).send("127.0.0.1", "client.example", ALICE,
            "reject-strict@remote.example", TestMail.message(ALICE, "reject-strict@remote.example", subject));
        assertThat(outcome.accepted()).as(outcome.reply()).isTrue();

        String dsn = Mails.awaitDsnInInbox(server, ALICE, ALICE_PASSWORD, "reject-strict@remote.example", TestMail.messageId(subject));
        Dsns.assertWellFormed(dsn, "reject-strict@remote.example");
    }
}
