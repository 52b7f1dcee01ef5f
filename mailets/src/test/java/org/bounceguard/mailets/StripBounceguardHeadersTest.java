package org.bounceguard.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class StripBounceguardHeadersTest {
    private final List<Mail> held = new ArrayList<>();

    private StripBounceguardHeaders mailet(String... parameters) throws MessagingException {
        StripBounceguardHeaders mailet = new StripBounceguardHeaders(new HoldingStore());
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("StripBounceguardHeaders")
            .mailetContext(FakeMailContext.defaultContext());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static Mail mail(String raw) throws Exception {
        return FakeMail.builder().name("m")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1))))
            .state("transport").build();
    }

    private static String raw(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void headersGoAtEveryDepthAndTheMessageIdStays() throws Exception {
        Mail mail = mail("Message-ID: <keep@example.net>\r\nX-Bounceguard-Dnsbl: score=2\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: message/rfc822\r\n\r\nX-BOUNCEGUARD-Backscatter: r\r\nSubject: inner\r\n\r\nbody\r\n--b--\r\n");
        mailet().service(mail);
        assertThat(raw(mail)).doesNotContainIgnoringCase("x-bounceguard").contains("Message-ID: <keep@example.net>").contains("Subject: inner");
        assertThat(mail.getState()).isEqualTo("transport");
        assertThat(held).isEmpty();
    }

    @Test
    void aMailItCannotCleanIsKeptAndNeverSent() throws Exception {
        StringBuilder deep = new StringBuilder();
        for (int depth = 0; depth < 40; depth++) {
            deep.append("Content-Type: message/rfc822\r\n\r\n");
        }
        Mail mail = mail(deep + "X-Bounceguard-Dnsbl: deep\r\n\r\nbody\r\n");
        mailet().service(mail);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(held).hasSize(1);
    }

    @Test
    void aBadPrefixOrAnUnknownParameterIsRefused() {
        assertThatThrownBy(() -> mailet("prefixes", "X")).hasMessageContaining("'prefixes'");
        assertThatThrownBy(() -> mailet("prefix", "X-Bounceguard-")).hasMessageContaining("did you mean 'prefixes'?");
    }

    /** A store whose every repository keeps what it is given in {@link #held}. */
    private final class HoldingStore implements MailRepositoryStore {
        @Override
        public MailRepository select(MailRepositoryUrl url) {
            return (MailRepository) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("store")) {
                        held.add((Mail) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        }

        @Override
        public Optional<Protocol> defaultProtocol() {
            return Optional.empty();
        }

        @Override
        public Optional<MailRepository> get(MailRepositoryUrl url) {
            return Optional.of(select(url));
        }

        @Override
        public Stream<MailRepository> getByPath(MailRepositoryPath path) {
            return Stream.empty();
        }

        @Override
        public Stream<MailRepositoryUrl> getUrls() {
            return Stream.empty();
        }
    }
}
