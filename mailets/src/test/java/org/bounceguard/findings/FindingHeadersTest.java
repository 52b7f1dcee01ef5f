package org.bounceguard.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

/** Finding headers: never written where James could then not store the mail, and never taken from a client. */
class FindingHeadersTest {
    private static final String MISSING_START_BOUNDARY = "From: spammer@example.com\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
        + "X-Bounceguard-Backscatter: none\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\nno boundary line at all\r\n";

    private static FakeMail mail(String raw) throws Exception {
        return FakeMail.builder().name("m").recipient("alice@example.org")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))))
            .build();
    }

    @Test
    void aMalformedMultipartTakesNoHeaderAndStaysWritable() throws Exception {
        FakeMail mail = mail(MISSING_START_BOUNDARY);

        assertThat(FindingHeaders.set(mail, "X-Bounceguard-Dnsbl", "score=3")).isFalse();
        assertThat(FindingHeaders.removeAll(mail)).isEmpty();

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        mail.getMessage().writeTo(written);
        assertThat(written.toString(StandardCharsets.US_ASCII)).contains("no boundary line at all");
    }

    @Test
    void clientSentFindingsAreRemovedInAnyCase() throws Exception {
        FakeMail mail = mail("From: spammer@example.com\r\nx-bounceguard-backscatter: none\r\nX-BOUNCEGUARD-Dnsbl: score=0\r\n"
            + "X-Bounceguarded: kept\r\nSubject: hi\r\n\r\nbody\r\n");

        assertThat(FindingHeaders.removeAll(mail)).containsExactlyInAnyOrder("x-bounceguard-backscatter", "X-BOUNCEGUARD-Dnsbl");
        assertThat(mail.getMessage().getHeader("X-Bounceguard-Backscatter")).isNull();
        assertThat(mail.getMessage().getHeader("X-Bounceguard-Dnsbl")).isNull();
        assertThat(mail.getMessage().getHeader("X-Bounceguarded")).containsExactly("kept");
    }

    @Test
    void aWellFormedMessageTakesTheHeader() throws Exception {
        FakeMail mail = mail("From: a@example.com\r\nSubject: hi\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b1--\r\n");

        assertThat(FindingHeaders.set(mail, "X-Bounceguard-Dnsbl", "score=0")).isTrue();
        assertThat(mail.getMessage().getHeader("X-Bounceguard-Dnsbl")).containsExactly("score=0");
    }

    @Test
    void aFloodOfDistinctFindingNamesIsRemovedWholeAndTheRestKept() throws Exception {
        StringBuilder raw = new StringBuilder("From: spammer@example.com\r\nSubject: many\r\n");
        for (int i = 0; i < 20_000; i++) {
            raw.append("X-Bounceguard-Forged-").append(i).append(": none\r\n");
        }
        raw.append("X-Other: kept\r\n\tfolded\r\n\r\nthe body\r\n");
        FakeMail mail = mail(raw.toString());

        assertThat(FindingHeaders.removeAll(mail)).hasSize(20_000).contains("X-Bounceguard-Forged-0", "X-Bounceguard-Forged-19999");

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        mail.getMessage().writeTo(written);
        String text = written.toString(StandardCharsets.US_ASCII);
        assertThat(text).doesNotContainIgnoringCase("x-bounceguard-").contains("Subject: many", "X-Other: kept\r\n\tfolded", "\r\n\r\nthe body");
    }
}
