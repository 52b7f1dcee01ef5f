package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class HeaderScannerTest {
    @Test
    void lineEndFindsTheFirstLfOrCrAtEveryOffset() {
        Random random = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                int pick = random.nextInt(10);
                // high bytes and neighbours of LF/CR (0x09, 0x0B, 0x0C, 0x0E) try to fool the word test
                bytes[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? '\r' : pick == 2 ? 0x0B : pick == 3 ? 0x8A : pick == 4 ? 0x0E : 'a' + random.nextInt(26));
            }
            int from = random.nextInt(bytes.length);
            int expected = from;
            while (expected < bytes.length && bytes[expected] != '\n' && bytes[expected] != '\r') {
                expected++;
            }
            assertThat(HeaderScanner.lineEnd(bytes, from, bytes.length)).isEqualTo(expected);
        }
    }

    @Test
    void theGateReadsFoldedFieldsWithAnyLineEnding() {
        for (String eol : new String[] {"\r\n", "\n", "\r"}) {
            String header = "Received: from a" + eol + " by b" + eol + "From: Mail Delivery System" + eol + "  <MAILER-DAEMON@mx.example>" + eol
                + "Subject: Undelivered Mail" + eol + eol + "body";
            TopHeader top = new TopHeader();
            byte[] bytes = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int body = HeaderScanner.scan(bytes, 0, bytes.length, top);
            assertThat(new String(bytes, body, bytes.length - body, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("body");
            assertThat(top.from).isEqualTo("mail delivery system <mailer-daemon@mx.example>");
            assertThat(top.mayBeReport(java.util.Optional.empty())).isTrue();
        }
    }
}
