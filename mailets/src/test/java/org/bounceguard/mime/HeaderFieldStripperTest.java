package org.bounceguard.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderFieldStripperTest {
    private final HeaderFieldStripper stripper = new HeaderFieldStripper(List.of("X-Bounceguard-"));

    private String strip(String message) throws Exception {
        return new String(stripper.strip(message.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMessageWithoutSuchFieldsIsReturnedAsTheSameBytes() throws Exception {
        byte[] raw = "Subject: hi\r\nX-Other: x\r\n\r\nX-Bounceguard-Dnsbl: in the body is text\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(stripper.strip(raw)).isSameAs(raw);
    }

    @Test
    void topLevelFieldsGoWithTheirContinuationLinesIgnoringCase() throws Exception {
        assertThat(strip("Subject: hi\r\nx-bounceguard-dnsbl: score=2;\r\n listed=zen\r\nTo: a@b.example\r\n\r\nbody\r\n"))
            .isEqualTo("Subject: hi\r\nTo: a@b.example\r\n\r\nbody\r\n");
    }

    @Test
    void aDsnsReturnedHeadersAndAttachedMessageLoseThemWhileEverythingElseStays() throws Exception {
        String dsn = "Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"b1\"\r\n\r\n"
            + "preamble\r\n--b1\r\nContent-Type: text/plain\r\n\r\nX-Bounceguard-Dnsbl: prose stays\r\n"
            + "--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: s\r\nX-Bounceguard-Dnsbl: score=0\r\nFrom: f@x.example\r\n"
            + "--b1\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nX-Bounceguard-Backscatter: r\r\n\r\ninner body\r\n"
            + "--b1--\r\nepilogue\r\n";
        assertThat(strip(dsn)).isEqualTo(dsn.replace("X-Bounceguard-Dnsbl: score=0\r\n", "").replace("X-Bounceguard-Backscatter: r\r\n", ""));
    }

    @Test
    void aBase64AttachedMessageIsDecodedStrippedAndEncodedAgain() throws Exception {
        String inner = "Subject: deep\r\nX-Bounceguard-Dnsbl: score=9\r\n\r\nDeep body.\r\n";
        String message = "Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: message/rfc822\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(inner.getBytes(StandardCharsets.US_ASCII)) + "\r\n--o--\r\n";
        String stripped = strip(message);
        String encoded = stripped.substring(stripped.indexOf("base64\r\n\r\n") + 10, stripped.indexOf("--o--"));
        assertThat(new String(Base64.getMimeDecoder().decode(encoded.trim()), StandardCharsets.US_ASCII))
            .isEqualTo("Subject: deep\r\n\r\nDeep body.\r\n");
    }

    @Test
    void nestingDeeperThanTheBoundIsRefused() throws Exception {
        StringBuilder message = new StringBuilder();
        for (int depth = 0; depth <= HeaderFieldStripper.MAX_DEPTH + 1; depth++) {
            message.append("Content-Type: message/rfc822\r\n\r\n");
        }
        message.append("X-Bounceguard-Dnsbl: deep\r\n\r\nbody\r\n");
        assertThatThrownBy(() -> strip(message.toString())).isInstanceOf(HeaderFieldStripper.TooDeepException.class);
    }

    @Test
    void anUnterminatedMultipartAndAnUnreadableContentTypeAreHandled() throws Exception {
        assertThat(strip("Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nX-Bounceguard-A: 1\r\n\r\ntext"))
            .isEqualTo("Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n\r\ntext");
        assertThat(strip("Content-Type: ;;;\r\nX-Bounceguard-A: 1\r\n\r\nbody")).isEqualTo("Content-Type: ;;;\r\n\r\nbody");
    }
}
