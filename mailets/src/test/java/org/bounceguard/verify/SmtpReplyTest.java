package org.bounceguard.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SmtpReplyTest {
    private static SmtpReply read(String text) throws IOException {
        return SmtpReply.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aMultilineReplyEndsAtItsLastLine() throws IOException {
        assertThat(read("250-first\r\n250-second\r\n250 last\r\n550 next\r\n")).isEqualTo(new SmtpReply(250, "last"));
        assertThat(read("220\r\n")).isEqualTo(new SmtpReply(220, ""));
    }

    @Test
    void aLineOverTheBoundIsRefusedWithoutReadingOn() {
        assertThatThrownBy(() -> read("250 " + "x".repeat(SmtpReply.MAX_LINE) + "\r\n")).isInstanceOf(SmtpReply.Malformed.class);
    }

    @Test
    void moreLinesThanTheBoundAreRefused() {
        assertThatThrownBy(() -> read("250-x\r\n".repeat(SmtpReply.MAX_LINES + 1) + "250 x\r\n")).isInstanceOf(SmtpReply.Malformed.class);
    }

    @Test
    void whatIsNotAReplyIsRefused() {
        assertThatThrownBy(() -> read("hello\r\n")).isInstanceOf(SmtpReply.Malformed.class);
        assertThatThrownBy(() -> read("250-x\r\n550 y\r\n")).isInstanceOf(SmtpReply.Malformed.class);
        assertThatThrownBy(() -> read("250*x\r\n")).isInstanceOf(SmtpReply.Malformed.class);
        assertThatThrownBy(() -> read("250-x")).isInstanceOf(SmtpReply.Malformed.class);
    }

    @Test
    void theTextKeptIsOneSafeBoundedLine() throws IOException {
        SmtpReply reply = read("550 5.1.1 unknown\u0007 \tuser " + "y".repeat(400) + "\r\n");
        assertThat(reply.text()).startsWith("5.1.1 unknown user yyy").hasSize(ReplyText.MAX_LENGTH).doesNotContain("\u0007", "\t");
    }

    @Test
    void sanitisingDropsLineBreaks() {
        assertThat(ReplyText.sanitise("a\r\n250 injected\r\n")).isEqualTo("a 250 injected");
        assertThat(ReplyText.sanitise(null)).isEmpty();
    }

    @Test
    void cachedVerdictsSurviveTheirTextForm() {
        assertThat(CachedVerdict.decode(CachedVerdict.ACCEPTED.encode())).contains(CachedVerdict.ACCEPTED);
        CachedVerdict refused = CachedVerdict.refused(550, "5.1.1 User unknown");
        assertThat(CachedVerdict.decode(refused.encode())).contains(refused);
        assertThat(CachedVerdict.decode("R250 x")).isEmpty();
        assertThat(CachedVerdict.decode("garbage")).isEmpty();
        assertThat(CachedVerdict.decode(null)).isEmpty();
    }
}
