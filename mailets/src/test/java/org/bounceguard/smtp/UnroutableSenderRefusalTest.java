package org.bounceguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.bounceguard.configuration.UnroutableSenderSettings;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.UnroutableSenderService;
import org.bounceguard.suppression.SenderDomainCheck;
import org.bounceguard.suppression.UnroutableSenderCounters;
import org.bounceguard.suppression.UnroutableSenderPolicy;
import org.bounceguard.testing.FakeTicker;
import org.bounceguard.testsupport.StubResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The hook as James calls it: who is looked up, what each answer becomes on the wire, what is counted. */
class UnroutableSenderRefusalTest {
    private static final String OUR_DOMAIN = "bounceguard.test";

    private final List<String> asked = new ArrayList<>();
    private final StubResolver dns = new StubResolver() {
        @Override
        protected CompletionStage<Message> answer(Message query) {
            String name = query.getQuestion().getName().toString(true);
            asked.add(name);
            Message response = response(query);
            try {
                switch (name) {
                    case "nomail.example" -> response.addRecord(new MXRecord(Name.fromString("nomail.example."), DClass.IN, 300, 0, Name.root),
                        Section.ANSWER);
                    case "example.org" -> response.addRecord(new MXRecord(Name.fromString("example.org."), DClass.IN, 300, 10,
                        Name.fromString("mx.example.org.")), Section.ANSWER);
                    case "servfail.example" -> response.getHeader().setRcode(Rcode.SERVFAIL);
                    case "silent.example" -> {
                        return new CompletableFuture<>();
                    }
                    default -> {
                        return CompletableFuture.completedFuture(nxdomain(query, 300));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return CompletableFuture.completedFuture(response);
        }
    };

    private UnroutableSenderService service = service(true, 450);

    private UnroutableSenderService service(boolean enabled, int code) {
        return new UnroutableSenderService(new UnroutableSenderSettings(enabled, new UnroutableSenderPolicy(code)),
            new SenderDomainCheck(dns, Duration.ofMillis(100), new FakeTicker()), Gauges.NONE);
    }

    @AfterEach
    void close() {
        service.close();
    }

    private static DomainList ourDomains() {
        return (DomainList) Proxy.newProxyInstance(DomainList.class.getClassLoader(), new Class<?>[] {DomainList.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "containsDomain" -> ((Domain) args[0]).asString().equals(OUR_DOMAIN);
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    private static SMTPSession session(String username, boolean relayingAllowed) {
        return (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getUsername" -> username == null ? null : org.apache.james.core.Username.of(username);
                case "isRelayingAllowed" -> relayingAllowed;
                case "getRemoteAddress" -> new InetSocketAddress("192.0.2.99", 40000);
                case "getSessionID" -> "test";
                case "toString" -> "session";
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    private static SMTPSession stranger() {
        return session(null, false);
    }

    private HookResult mailFrom(SMTPSession session, String sender) throws Exception {
        UnroutableSenderRefusal hook = new UnroutableSenderRefusal(service, ourDomains());
        hook.init(new BaseConfiguration());
        return hook.doMail(session, sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(new MailAddress(sender)));
    }

    @Test
    void aNullMxSenderIsRefusedWith550And5727() throws Exception {
        HookResult result = mailFrom(stranger(), "spammer@nomail.example");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.27 ").contains("nomail.example");
        assertThat(service.counters().snapshot().refusedNullMx()).isEqualTo(1);
    }

    @Test
    void aSenderDomainThatDoesNotExistIsDeferredWith450() throws Exception {
        HookResult result = mailFrom(stranger(), "someone@gone.example");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("450");
        assertThat(result.getSmtpDescription()).startsWith("4.1.8 ").contains("gone.example");
        assertThat(service.counters().snapshot().refusedNoSuchDomain()).isEqualTo(1);
    }

    @Test
    void theConfiguredCodeMakesItPermanent() throws Exception {
        service.close();
        service = service(true, 550);

        HookResult result = mailFrom(stranger(), "someone@gone.example");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.1.8 ");
    }

    @Test
    void aDomainThatReceivesAndAnyDnsFailureAreAccepted() throws Exception {
        assertThat(mailFrom(stranger(), "someone@example.org")).isEqualTo(HookResult.DECLINED);
        assertThat(mailFrom(stranger(), "someone@servfail.example")).isEqualTo(HookResult.DECLINED);
        assertThat(mailFrom(stranger(), "someone@silent.example")).isEqualTo(HookResult.DECLINED);

        assertThat(service.counters().snapshot()).isEqualTo(new UnroutableSenderCounters.Snapshot(3, 0, 0, 0, 2, 0, 0));
    }

    @Test
    void authenticatedAndRelayingClientsTheNullSenderAndOurDomainsAreNeverLookedUp() throws Exception {
        assertThat(mailFrom(session("alice@" + OUR_DOMAIN, false), "alice@nomail.example")).isEqualTo(HookResult.DECLINED);
        assertThat(mailFrom(session(null, true), "relay@nomail.example")).isEqualTo(HookResult.DECLINED);
        assertThat(mailFrom(stranger(), "")).isEqualTo(HookResult.DECLINED);
        assertThat(mailFrom(stranger(), "bob@" + OUR_DOMAIN)).isEqualTo(HookResult.DECLINED);

        assertThat(asked).isEmpty();
        assertThat(service.counters().snapshot()).isEqualTo(new UnroutableSenderCounters.Snapshot(0, 0, 0, 0, 0, 2, 1));
    }

    @Test
    void anAddressLiteralSenderNeedsNoDnsAndIsAccepted() throws Exception {
        assertThat(mailFrom(stranger(), "bob@[192.0.2.1]")).isEqualTo(HookResult.DECLINED);

        assertThat(asked).isEmpty();
        assertThat(service.counters().snapshot().refused()).isZero();
    }

    @Test
    void turnedOffItAsksNothing() throws Exception {
        service.close();
        service = service(false, 450);

        assertThat(mailFrom(stranger(), "spammer@nomail.example")).isEqualTo(HookResult.DECLINED);
        assertThat(asked).isEmpty();
    }

    @Test
    void itTakesNoParameters() {
        BaseConfiguration config = new BaseConfiguration();
        config.addProperty("[@class]", UnroutableSenderRefusal.class.getName());
        config.addProperty("nxdomainCode", "550");

        assertThatThrownBy(() -> new UnroutableSenderRefusal(service, ourDomains()).init(config))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("nxdomainCode");
    }
}
