package org.bounceguard.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.bounceguard.backscatter.BackscatterEvidence;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.dnsbl.ErrorKind;
import org.bounceguard.dnsbl.Listing;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.dnsbl.ZoneError;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.suppression.NdrDecision;
import org.bounceguard.suppression.SuppressionReason;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

/** Each finding written to a mail reads back as it was: the codecs of Bounceguard's mail-level API. */
class FindingsTest {
    private static FakeMail mail() throws Exception {
        return FakeMail.builder().name("m").recipient("alice@example.org")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)))).build();
    }

    private static Listing listing(String spec, String... codes) {
        return new Listing(ZoneSpec.parse(spec), "2.0.0.127." + ZoneSpec.parse(spec).zone(), List.of(codes), Optional.of("listed by " + spec));
    }

    @Test
    void aDnsblVerdictReadsBackZoneByZoneWithoutCuttingStringsApart() throws Exception {
        FakeMail mail = mail();
        DnsblVerdict verdict = new DnsblVerdict(List.of(listing("zen.spamhaus.org*3", "127.0.0.2", "127.0.0.4"), listing("bl.spamcop.net*2", "127.0.0.2"),
            listing("ips.backscatterer.org*3:safe", "127.0.0.2")), List.of(new ZoneError("dnsbl.example.org", ErrorKind.TIMEOUT, "")), Optional.empty());

        new DnsblFinding(ClientCheck.checked(InetAddresses.forString("192.0.2.1")), verdict).writeTo(mail);

        assertThat(DnsblFinding.score(mail)).contains(5);
        assertThat(DnsblFinding.listedZones(mail)).containsExactly("zen.spamhaus.org", "bl.spamcop.net");
        assertThat(DnsblFinding.safeListedZones(mail)).containsExactly("ips.backscatterer.org");
        assertThat(mail.getAttribute(DnsblFinding.LISTED).map(Attribute::getValue).map(AttributeValue::value).map(String::valueOf))
            .hasValueSatisfying(listed -> assertThat(listed).contains("zen.spamhaus.org").contains("127.0.0.4"));
        assertThat(MailAttributes.string(mail, DnsblFinding.SUMMARY)).contains(
            "client=192.0.2.1; score=5; listed=zen.spamhaus.org:127.0.0.2/127.0.0.4,bl.spamcop.net:127.0.0.2; safe=ips.backscatterer.org:127.0.0.2; errors=dnsbl.example.org:TIMEOUT");
        assertThat(MailAttributes.strings(mail, DnsblFinding.ERRORS)).containsExactly("dnsbl.example.org: TIMEOUT");
    }

    @Test
    void aSafeModeListingIsReadInTheSmtpSessionFromTheAttachedVerdictAndAfterwardsFromTheFinding() throws Exception {
        FakeMail mail = mail();
        DnsblVerdict verdict = new DnsblVerdict(List.of(listing("ips.backscatterer.org*3:safe", "127.0.0.2")), List.of(), Optional.empty());
        DnsblFinding finding = new DnsblFinding(ClientCheck.checked(InetAddresses.forString("192.0.2.1")), verdict);
        assertThat(DnsblFinding.safeListedZonesInSession(mail)).as("nothing attached, nothing written").isEmpty();

        AttachedVerdict.attach(mail, new DnsblCheckSettings(ZoneSpec.parseList("ips.backscatterer.org*3:safe"), Optional.empty(),
            org.bounceguard.net.TrustedRelays.NONE, false), finding, 0);

        assertThat(DnsblFinding.safeListedZones(mail)).as("not written before DnsblCheck").isEmpty();
        assertThat(DnsblFinding.safeListedZonesInSession(mail)).containsExactly("ips.backscatterer.org");

        new DnsblFinding(ClientCheck.checked(InetAddresses.forString("192.0.2.1")), DnsblVerdict.empty()).writeTo(mail);
        assertThat(DnsblFinding.safeListedZonesInSession(mail)).as("the written finding decides once there is one").isEmpty();
    }

    @Test
    void theClientCheckReadsBackAsTheAddressOrTheReasonNoneWasChecked() throws Exception {
        for (ClientCheck client : List.of(ClientCheck.checked(InetAddresses.forString("192.0.2.1")),
                ClientCheck.checked(InetAddresses.forString("2001:db8::7")), ClientCheck.of(Optional.empty()), ClientCheck.authenticated())) {
            FakeMail mail = mail();
            new DnsblFinding(client, DnsblVerdict.empty()).writeTo(mail);

            assertThat(DnsblFinding.client(mail)).contains(client);
        }
    }

    @Test
    void aClientWithoutAUsableAddressIsStoredAsTheDocumentedNone() throws Exception {
        FakeMail mail = mail();

        new DnsblFinding(ClientCheck.of(Optional.empty()), DnsblVerdict.empty()).writeTo(mail);

        assertThat(MailAttributes.string(mail, DnsblFinding.CLIENT)).contains("none");
        assertThat(DnsblFinding.summary(mail)).hasValueSatisfying(summary -> assertThat(summary).startsWith("client=none; score=0;"));
        assertThat(DnsblFinding.client(mail).flatMap(ClientCheck::checkedAddress)).isEmpty();
    }

    @Test
    void aStoredClientThatIsNeitherAnAddressNorAReasonReadsAsUnknown() throws Exception {
        FakeMail mail = mail();
        mail.setAttribute(new Attribute(DnsblFinding.CLIENT, AttributeValue.of("somewhere")));

        assertThat(DnsblFinding.client(mail)).isEmpty();
    }

    @Test
    void aMailWithoutAVerdictHasNone() throws Exception {
        assertThat(DnsblFinding.isPresent(mail())).isFalse();
        assertThat(DnsblFinding.score(mail())).isEmpty();
        assertThat(DnsblFinding.listedZones(mail())).isEmpty();
    }

    @Test
    void theHeaderLineIsTheSummaryAndTheWait() {
        assertThat(DnsblFinding.authenticated().headerLine(12)).isEqualTo("client=authenticated; score=0; listed=none; errors=none; waited=12ms");
    }

    @Test
    void batvResultsReadBackPerRecipientInOrder() throws Exception {
        FakeMail mail = mail();
        Map<String, BatvResult> results = new LinkedHashMap<>();
        results.put("bob@example.org", new BatvResult.NotTagged("bob@example.org"));
        results.put("carol@example.org", new BatvResult.Invalid("carol@example.org", BatvResult.Invalid.Reason.EXPIRED));
        results.put("dave@example.org", new BatvResult.Valid("dave@example.org", 1));

        BatvFinding.write(mail, results);

        assertThat(BatvFinding.read(mail)).containsExactly(
            Map.entry("bob@example.org", new BatvResult.NotTagged("bob@example.org")),
            Map.entry("carol@example.org", new BatvResult.Invalid("carol@example.org", BatvResult.Invalid.Reason.EXPIRED)),
            Map.entry("dave@example.org", new BatvResult.Valid("dave@example.org", -1)));
    }

    @Test
    void anUnknownBatvCodeIsNoEvidenceRatherThanABadSignature() throws Exception {
        FakeMail mail = mail();
        mail.setAttribute(new Attribute(BatvFinding.RESULTS, AttributeValue.of(Map.of(
            "bob@example.org", AttributeValue.of("revoked-someday")))));

        assertThat(BatvFinding.read(mail)).isEmpty();
    }

    @Test
    void everyBatvResultHasACodeThatReadsBack() {
        for (BatvResult result : List.of(new BatvResult.NotTagged("a@b.c"), new BatvResult.Valid("a@b.c", -1),
                new BatvResult.Invalid("a@b.c", BatvResult.Invalid.Reason.MALFORMED), new BatvResult.Invalid("a@b.c", BatvResult.Invalid.Reason.UNKNOWN_KEY),
                new BatvResult.Invalid("a@b.c", BatvResult.Invalid.Reason.BAD_SIGNATURE), new BatvResult.Invalid("a@b.c", BatvResult.Invalid.Reason.EXPIRED))) {
            assertThat(BatvFinding.result("a@b.c", BatvFinding.code(result))).contains(result);
        }
    }

    @Test
    void backscatterEvidenceAndQuarantineReadBack() throws Exception {
        FakeMail mail = mail();
        assertThat(BackscatterFinding.evidence(mail)).isEmpty();
        assertThat(BackscatterFinding.isQuarantined(mail)).isFalse();

        BackscatterFinding.writeEvidence(mail, new BackscatterEvidence(List.of("batv-missing", "ledger-miss"), List.of(), Set.of()));
        BackscatterFinding.writeQuarantined(mail, List.of("batv-missing", "ledger-miss"), Optional.of(BackscatterFinding.DEFAULT_HEADER));

        assertThat(BackscatterFinding.evidence(mail)).contains(new BackscatterEvidence(List.of("batv-missing", "ledger-miss"), List.of(), Set.of()));
        assertThat(BackscatterFinding.isQuarantined(mail)).isTrue();
        assertThat(BackscatterFinding.reasons(mail)).containsExactly("batv-missing", "ledger-miss");
        assertThat(mail.getMessage().getHeader(BackscatterFinding.DEFAULT_HEADER, null)).isEqualTo("batv-missing; ledger-miss");
    }

    @Test
    void provenEvidenceReadsBackAsProven() throws Exception {
        FakeMail mail = mail();
        BackscatterFinding.writeEvidence(mail, new BackscatterEvidence(List.of("relays-unknown"), List.of("ledger"), Set.of("Bob@Example.org")));

        assertThat(BackscatterFinding.evidence(mail)).hasValueSatisfying(evidence -> {
            assertThat(evidence.proves("bob@example.org")).isTrue();
            assertThat(evidence.proves("carol@example.org")).isFalse();
        });
    }

    @Test
    void ndrSuppressionReasonsReadBack() throws Exception {
        FakeMail mail = mail();
        NdrFinding.writeSuppressed(mail, new NdrDecision(false, List.of(SuppressionReason.DNSBL_LISTED, SuppressionReason.NULL_SENDER)));

        assertThat(NdrFinding.suppressed(mail)).containsExactly("dnsbl-listed", "null-sender");
    }
}
