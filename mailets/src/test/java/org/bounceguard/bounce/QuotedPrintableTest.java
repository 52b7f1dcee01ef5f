package org.bounceguard.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class QuotedPrintableTest {
    private static String decoded(String encoded) {
        byte[] data = encoded.getBytes(StandardCharsets.ISO_8859_1);
        return new String(data, 0, QuotedPrintable.decode(data, data.length), StandardCharsets.ISO_8859_1);
    }

    @Test
    void hexPairsSoftBreaksAndMalformedSequences() {
        assertThat(decoded("a=3Db")).isEqualTo("a=b");
        assertThat(decoded("zuk=C3=BCnftig")).isEqualTo("zuk\u00c3\u00bcnftig");
        assertThat(decoded("soft=\r\nbreak, soft=\nbreak, soft=\rbreak")).isEqualTo("softbreak, softbreak, softbreak");
        assertThat(decoded("kept =ZZ and =4 and =")).isEqualTo("kept =ZZ and =4 and =");
        assertThat(decoded("lower =3d hex")).isEqualTo("lower = hex");
    }
}
