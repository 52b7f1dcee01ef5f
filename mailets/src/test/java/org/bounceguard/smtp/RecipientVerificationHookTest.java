package org.bounceguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.bounceguard.metrics.Gauges;
import org.bounceguard.services.RecipientVerificationService;
import org.bounceguard.testsupport.SettableClock;
import org.bounceguard.verify.Backend;
import org.bounceguard.verify.MemoryVerificationStore;
import org.bounceguard.verify.ProbeResult;
import org.bounceguard.verify.RecipientVerifier;
import org.bounceguard.verify.VerificationPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipientVerificationHookTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> probed = new ArrayList<>();
    private ProbeResult unknownUser = new ProbeResult.Refused(550,
        "5.1.1 <x@relayed.test>: Recipient address rejected: User unknown\r\n250 injected");
    private final RecipientVerificationService service = new RecipientVerificationService(new RecipientVerifier(
        new VerificationPolicy(Map.of("relayed.test", new Backend("127.0.0.1", 25)), Duration.ofDays(7), Duration.ofHours(3),
            Duration.ofSeconds(1), Optional.empty(), "mx.gateway.test", Duration.ofHours(1), 3, Duration.ofSeconds(30), 20,
            Duration.ofMinutes(10), 1000, false),
        new MemoryVerificationStore(1000, clock),
        (backend, recipient) -> {
            probed.add(recipient);
            return recipient.startsWith("bob@") ? ProbeResult.ACCEPTED : unknownUser;
        }, clock), Gauges.NONE);
    private final RecipientVerificationHook hook = new RecipientVerificationHook(service);

    @AfterEach
    void close() {
        service.close();
    }

    private static SMTPSession sessionFrom(String address) {
        return (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "isRelayingAllowed" -> false;
                case "getRemoteAddress" -> new InetSocketAddress(address, 40000);
                default -> null;
            });
    }

    private static SMTPSession session(String username, boolean relayingAllowed) {
        return (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getUsername" -> username == null ? null : org.apache.james.core.Username.of(username);
                case "isRelayingAllowed" -> relayingAllowed;
                case "getRemoteAddress" -> new InetSocketAddress("192.0.2.10", 40000);
                default -> null;
            });
    }

    private static final SMTPSession STRANGER = session(null, false);

    private HookResult rcpt(SMTPSession session, String recipient) throws Exception {
        return hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress(recipient));
    }

    @Test
    void anUnknownUserIsRefusedWith550AndTheBackendsTextOnOneLine() throws Exception {
        HookResult result = rcpt(STRANGER, "nobody@relayed.test");
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription())
            .isEqualTo("5.1.1 <x@relayed.test>: Recipient address rejected: User unknown 250 injected");
    }

    @Test
    void aKnownUserIsAcceptedForRelaying() throws Exception {
        assertThat(rcpt(STRANGER, "bob@relayed.test").getResult()).isEqualTo(HookReturnCode.ok());
    }

    @Test
    void aBackendThatCannotAnswerDefersWith450() throws Exception {
        unknownUser = new ProbeResult.Deferred("connection refused", true);
        HookResult result = rcpt(STRANGER, "carol@relayed.test");
        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("450");
        assertThat(result.getSmtpDescription()).startsWith("4.1.1 ");
    }

    @Test
    void otherDomainsAreLeftToTheNextHandlers() throws Exception {
        assertThat(rcpt(STRANGER, "nobody@bounceguard.test")).isEqualTo(HookResult.DECLINED);
        assertThat(probed).isEmpty();
    }

    @Test
    void roleAccountsAreAcceptedUnverified() throws Exception {
        assertThat(rcpt(STRANGER, "postmaster@relayed.test").getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(rcpt(STRANGER, "Abuse@relayed.test").getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(probed).isEmpty();
    }

    @Test
    void authenticatedAndRelayAllowedClientsAreNotVerified() throws Exception {
        assertThat(rcpt(session("alice@bounceguard.test", false), "nobody@relayed.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(session(null, true), "nobody@relayed.test")).isEqualTo(HookResult.DECLINED);
        assertThat(probed).isEmpty();
    }

    @Test
    void itTakesNoParameters() {
        BaseConfiguration config = new BaseConfiguration();
        config.addProperty("failOpen", "true");
        assertThatThrownBy(() -> hook.init(config)).isInstanceOf(ConfigurationException.class).hasMessageContaining("failOpen");
    }

    @Test
    void anIpv6AttackerRotatingItsSourceAddressRunsOutOfProbesAllTheSame() throws Exception {
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            HookResult result = hook.doRcpt(sessionFrom("2001:db8:66:1::" + Integer.toHexString(i + 1)), MaybeSender.nullSender(),
                new MailAddress("guess" + i + "@relayed.test"));
            replies.add(result.getSmtpRetCode());
        }
        // 20 probes per client and window in this set-up: then 450, whichever address of the /64 asks
        assertThat(replies.subList(0, 20)).containsOnly("550");
        assertThat(replies.subList(20, 30)).containsOnly("450");
    }
}
