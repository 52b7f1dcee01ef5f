package org.bounceguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Bounceguard's SMTP hooks given a {@code <handler>} element the way James 3.8.1 hands it over:
 * {@code smtpserver.xml} parsed by commons-configuration, one sub-configuration per handler,
 * its {@code class} attribute included.
 */
class HandlerParametersTest {
    private static HierarchicalConfiguration<ImmutableNode> handler(String xml) throws ConfigurationException {
        XMLConfiguration file = new XMLConfiguration();
        new FileHandler(file).load(new StringReader("<handlerchain>" + xml + "</handlerchain>"));
        return file.configurationsAt("handler").get(0);
    }

    private static BatvRcptHook batvRcptHook() {
        return new BatvRcptHook(null, null, null, null);
    }

    @Test
    void batvRcptHookTakesItsOwnParameterBesideTheClassAttribute() {
        assertThatCode(() -> batvRcptHook().init(handler(
            "<handler class=\"org.bounceguard.smtp.BatvRcptHook\"><rejectUnsignedBounces>true</rejectUnsignedBounces></handler>")))
            .doesNotThrowAnyException();
        assertThatCode(() -> batvRcptHook().init(handler("<handler class=\"org.bounceguard.smtp.BatvRcptHook\"/>")))
            .doesNotThrowAnyException();
    }

    @Test
    void aMisspeltBatvRcptHookParameterIsRefusedNamingTheNearestOne() {
        assertThatThrownBy(() -> batvRcptHook().init(handler(
            "<handler class=\"org.bounceguard.smtp.BatvRcptHook\"><rejectUnsignedBounce>true</rejectUnsignedBounce></handler>")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("BatvRcptHook: unknown parameter 'rejectUnsignedBounce'; did you mean 'rejectUnsignedBounces'?");
    }

    @Test
    void anUnknownElementWithChildrenOrAttributesIsNamedByItsOwnName() {
        assertThatThrownBy(() -> batvRcptHook().init(handler(
            "<handler class=\"org.bounceguard.smtp.BatvRcptHook\"><signing><domain>example.org</domain></signing></handler>")))
            .hasMessageContaining("unknown parameter 'signing';");
        assertThatThrownBy(() -> batvRcptHook().init(handler(
            "<handler class=\"org.bounceguard.smtp.BatvRcptHook\"><strict enabled=\"true\"/></handler>")))
            .hasMessageContaining("unknown parameter 'strict';");
    }

    @Test
    void aBadBatvRcptHookValueNamesTheParameterAndTheValue() {
        assertThatThrownBy(() -> batvRcptHook().init(handler(
            "<handler class=\"org.bounceguard.smtp.BatvRcptHook\"><rejectUnsignedBounces>ture</rejectUnsignedBounces></handler>")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("BatvRcptHook: parameter 'rejectUnsignedBounces' 'ture' is not true or false");
    }

    @Test
    void aMistypedBounceStormHookParameterIsRefusedNamingTheRightOne() {
        assertThatThrownBy(() -> new BounceStormHook(null, null, null, null).init(handler(
            "<handler class=\"org.bounceguard.smtp.BounceStormHook\"><refuseUnprovenBounce>true</refuseUnprovenBounce></handler>")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("BounceStormHook: unknown parameter 'refuseUnprovenBounce'")
            .hasMessageContaining("refuseUnprovenBounces");
    }

    @Test
    void theHooksWithoutParametersRefuseAnyChildElement() {
        assertThatThrownBy(() -> new DnsblPrefetchHandler(null).init(handler(
            "<handler class=\"org.bounceguard.smtp.DnsblPrefetchHandler\"><zones>bl.spamcop.net</zones></handler>")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("DnsblPrefetchHandler: unknown parameter 'zones'; it takes no parameters");
        assertThatThrownBy(() -> new DnsblVerdictHook(null).init(handler(
            "<handler class=\"org.bounceguard.smtp.DnsblVerdictHook\"><header>X-Verdict</header></handler>")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("DnsblVerdictHook: unknown parameter 'header'; it takes no parameters");
    }

    @Test
    void theHooksWithoutParametersStartFromTheirBareElement() {
        assertThatCode(() -> new DnsblPrefetchHandler(null).init(handler("<handler class=\"org.bounceguard.smtp.DnsblPrefetchHandler\"/>")))
            .doesNotThrowAnyException();
        assertThatCode(() -> new DnsblVerdictHook(null).init(handler("<handler class=\"org.bounceguard.smtp.DnsblVerdictHook\"/>")))
            .doesNotThrowAnyException();
    }

    @Test
    void onlyTheFirstPathSegmentOfAKeyIsTheChildElement() {
        assertThat(HandlerParameters.childElement("[@class]")).isEmpty();
        assertThat(HandlerParameters.childElement("zones")).isEqualTo("zones");
        assertThat(HandlerParameters.childElement("zones[@x]")).isEqualTo("zones");
        assertThat(HandlerParameters.childElement("zones.zone")).isEqualTo("zones");
    }
}
