package org.bounceguard.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LedgerKeyTest {
    private static final String SECRET = "a test secret of enough bytes";

    @Test
    void theSamePairUnderTheSameSecretGivesTheSameKey() {
        assertThat(LedgerKey.fromSecret(SECRET).of("id@x", "a@b")).isEqualTo(LedgerKey.fromSecret(SECRET).of("id@x", "a@b"));
    }

    @Test
    void anotherSecretGivesAnotherKey() {
        assertThat(LedgerKey.fromSecret(SECRET).of("id@x", "a@b"))
            .isNotEqualTo(LedgerKey.fromSecret("another secret, just as long").of("id@x", "a@b"));
    }

    @Test
    void theKeyIsTheFirst64BitsOfHmacSha256OverIdNulAddress() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] digest = mac.doFinal("id@x\0a@b".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(LedgerKey.fromSecret(SECRET).of("id@x", "a@b")).isEqualTo(java.nio.ByteBuffer.wrap(digest).getLong());
    }

    @Test
    void nonAsciiAndLongInputsAreHashedAsUtf8() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        String longId = "x".repeat(600) + "@host";
        LedgerKey key = LedgerKey.fromSecret(SECRET);

        assertThat(key.of("idé@x", "josé@b")).isEqualTo(java.nio.ByteBuffer.wrap(
            mac.doFinal("idé@x\0josé@b".getBytes(java.nio.charset.StandardCharsets.UTF_8))).getLong());
        assertThat(key.of(longId, "a@b")).isEqualTo(java.nio.ByteBuffer.wrap(
            mac.doFinal((longId + "\0a@b").getBytes(java.nio.charset.StandardCharsets.UTF_8))).getLong());
        assertThat(key.of("id@x", "a@b")).as("short input after a long one").isEqualTo(java.nio.ByteBuffer.wrap(
            mac.doFinal("id@x\0a@b".getBytes(java.nio.charset.StandardCharsets.UTF_8))).getLong());
    }

    @Test
    void partsAreSeparatedSoThatMovingTheBoundaryChangesTheKey() {
        LedgerKey key = LedgerKey.fromSecret(SECRET);

        assertThat(key.of("id@xa", "@b")).isNotEqualTo(key.of("id@x", "a@b"));
    }

    @Test
    void keysAreStableAcrossThreads() throws Exception {
        LedgerKey key = LedgerKey.fromSecret(SECRET);
        long[] fromOtherThread = new long[1];
        Thread other = new Thread(() -> fromOtherThread[0] = key.of("id@x", "a@b"));
        other.start();
        other.join();

        assertThat(fromOtherThread[0]).isEqualTo(key.of("id@x", "a@b"));
    }

    @Test
    void shortOrMissingSecretsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> LedgerKey.fromSecret("short-secret"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 16")
            .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> LedgerKey.fromSecret(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LedgerKey.fromSecret(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(LedgerKey.fromSecret(SECRET).toString()).doesNotContain(SECRET).doesNotContain("enough bytes");
    }

    @Test
    void hexIsSixteenDigitsWithLeadingZeros() {
        assertThat(LedgerKey.hex(0x1fL)).isEqualTo("000000000000001f");
        assertThat(LedgerKey.hex(-1L)).isEqualTo("ffffffffffffffff");
    }
}
