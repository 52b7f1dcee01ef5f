package org.bounceguard.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class CarriedFindingsTest {
    private static final AttributeName SCORE = AttributeName.of("bounceguard.dnsbl.score");
    private static final AttributeName LISTED = AttributeName.of("bounceguard.dnsbl.listed");
    private static final AttributeName SPF = MailFacts.SPF_RESULT;

    @Test
    void attributesSurviveAMailRebuiltFromItsMessage() throws Exception {
        FakeMail original = FakeMail.builder().name("m").build();
        original.setAttribute(new Attribute(SCORE, AttributeValue.of(2)));
        original.setAttribute(new Attribute(LISTED, AttributeValue.of(Map.of("bl.spamcop.net",
            AttributeValue.of(List.of(AttributeValue.of("127.0.0.2")))))));
        original.setAttribute(new Attribute(SPF, AttributeValue.of("fail")));
        String header = CarriedFindings.encode(original).orElseThrow();
        assertThat(header.lines()).allMatch(line -> line.length() <= 77);

        FakeMail rebuilt = FakeMail.builder().name("m").build();
        assertThat(CarriedFindings.restore(rebuilt, header)).isEqualTo(3);
        assertThat(DnsblFinding.score(rebuilt)).contains(2);
        assertThat(MailFacts.spfResult(rebuilt)).contains("fail");
        assertThat(DnsblFinding.listedZones(rebuilt)).containsExactly("bl.spamcop.net");
        assertThat(DnsblFinding.listingsAsText(rebuilt)).containsExactly("bl.spamcop.net=127.0.0.2");
    }

    /** The header RrtErrorPathIT forges: well-formed, so only KeepFindings' replacing it keeps it out. */
    @Test
    void aHandWrittenHeaderInJamesJsonFormIsRead() throws Exception {
        String header = java.util.Base64.getEncoder().encodeToString(
            "{\"bounceguard.dnsbl.score\":{\"serializer\":\"IntSerializer\",\"value\":0}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        FakeMail mail = FakeMail.builder().name("m").build();
        CarriedFindings.restore(mail, header);
        assertThat(DnsblFinding.score(mail)).contains(0);
    }

    @Test
    void anAttributeTheMailStillHasKeepsItsValue() throws Exception {
        FakeMail original = FakeMail.builder().name("m").build();
        original.setAttribute(new Attribute(SCORE, AttributeValue.of(0)));
        FakeMail current = FakeMail.builder().name("m").build();
        current.setAttribute(new Attribute(SCORE, AttributeValue.of(3)));
        CarriedFindings.restore(current, CarriedFindings.encode(original).orElseThrow());
        assertThat(DnsblFinding.score(current)).contains(3);
    }

    @Test
    void aMailWithoutAttributesCarriesNothingAndGarbageIsRefused() throws Exception {
        assertThat(CarriedFindings.encode(FakeMail.builder().name("m").build())).isEmpty();
        assertThatThrownBy(() -> CarriedFindings.restore(FakeMail.builder().name("m").build(), "score=0; forged"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CarriedFindings.restore(FakeMail.builder().name("m").build(), "x".repeat(CarriedFindings.MAX_HEADER_CHARS + 1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
