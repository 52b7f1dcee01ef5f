package org.bounceguard.backscatter.batv;

import org.bounceguard.backscatter.batv.BatvResult.Invalid;
import org.bounceguard.backscatter.batv.BatvResult.Invalid.Reason;
import org.bounceguard.backscatter.batv.BatvResult.NotTagged;
import org.bounceguard.backscatter.batv.BatvResult.Valid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatvSignerVerifierTest {

    private static final String SECRET_A = "abcdefghijklmnopqrstuvwxyz";
    private static final String SECRET_B = "another-secret-of-enough-length";
    private static final LocalDate NEW_YEAR_2024 = LocalDate.of(2024, 1, 1);   // epoch day 19723

    private static final BatvKeys KEYS = BatvKeys.parse("0:" + SECRET_A);
    private static final BatvSigner SIGNER = new BatvSigner(KEYS);
    private static final BatvVerifier VERIFIER = new BatvVerifier(KEYS);

    // ---- known answers (computed independently with openssl dgst -sha1 -hmac) ----

    @Test
    void knownAnswer() {
        // HMAC-SHA1("abcdefghijklmnopqrstuvwxyz", "0730user@example.com") = 66df9d859e69...
        assertThat(SIGNER.sign("User@Example.com", NEW_YEAR_2024)).isEqualTo("prvs=073066df9d=User@Example.com");
    }

    @Test
    void knownAnswerAcrossTheWrap() {
        // signed on epoch day 19996 (code 996), expires 20003 (code 003);
        // HMAC-SHA1(SECRET_B, "7003bob@example.org") = d030c435ca91...
        BatvSigner signer = new BatvSigner(BatvKeys.parse("7:" + SECRET_B));
        assertThat(signer.sign("bob@example.org", LocalDate.ofEpochDay(19_996)))
                .isEqualTo("prvs=7003d030c4=bob@example.org");
    }

    // ---- round trip ----

    @ParameterizedTest
    @ValueSource(strings = {"user@example.com", "User@Example.COM", "first.last+tag@sub.example.org",
            "x@y", "o'brien@example.ie", "prvs=garbage@example.com", "jürgen@bücher.example"})
    void signedAddressesVerify(String address) {
        String tagged = SIGNER.sign(address, NEW_YEAR_2024);
        assertThat(tagged).startsWith("prvs=0").endsWith("=" + address);
        assertThat(VERIFIER.verify(tagged, NEW_YEAR_2024)).isEqualTo(new Valid(address, 0));
        assertThat(BatvVerifier.stripTag(tagged)).contains(address);
    }

    @Test
    void alreadyTaggedAddressIsResignedNotDoubleTagged() {
        String once = SIGNER.sign("user@example.com", NEW_YEAR_2024);
        String later = SIGNER.sign(once, NEW_YEAR_2024.plusDays(3));
        assertThat(later).isEqualTo(SIGNER.sign("user@example.com", NEW_YEAR_2024.plusDays(3)));
        assertThat(later.indexOf("prvs=")).isZero();
        assertThat(later.lastIndexOf("prvs=")).isZero();
        // a tag from someone else's key is re-signed from its original too
        String foreign = new BatvSigner(BatvKeys.parse("5:" + SECRET_B)).sign("user@example.com", NEW_YEAR_2024);
        assertThat(SIGNER.sign(foreign.toUpperCase(Locale.ROOT).replace("USER@EXAMPLE.COM", "user@example.com"),
                NEW_YEAR_2024)).isEqualTo(once);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "<>", " <> ", "user", "@example.com", "user@", "<user@example.com>",
            "user name@example.com", "\"quoted\"@example.com", "a@b@c", "user@example.com\r\n"})
    void nullSenderAndMalformedAddressesAreNeverSigned(String address) {
        assertThatThrownBy(() -> SIGNER.sign(address, NEW_YEAR_2024))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain(SECRET_A);
    }

    // ---- keys ----

    @Test
    void keyRotationPreviousKeyStillVerifiesRemovedKeyIsUnknown() {
        String oldTag = new BatvSigner(BatvKeys.parse("0:" + SECRET_A)).sign("user@example.com", NEW_YEAR_2024);

        BatvKeys rotated = BatvKeys.parse("1:" + SECRET_B + ",0:" + SECRET_A);
        BatvSigner newSigner = new BatvSigner(rotated);
        String newTag = newSigner.sign("user@example.com", NEW_YEAR_2024);
        assertThat(newTag).startsWith("prvs=1");

        BatvVerifier duringRotation = new BatvVerifier(rotated);
        assertThat(duringRotation.verify(oldTag, NEW_YEAR_2024)).isEqualTo(new Valid("user@example.com", 0));
        assertThat(duringRotation.verify(newTag, NEW_YEAR_2024)).isEqualTo(new Valid("user@example.com", 1));

        BatvVerifier afterRotation = new BatvVerifier(BatvKeys.parse("1:" + SECRET_B));
        assertThat(afterRotation.verify(oldTag, NEW_YEAR_2024)).isEqualTo(new Invalid("user@example.com", Reason.UNKNOWN_KEY));
        assertThat(afterRotation.verify(newTag, NEW_YEAR_2024).isValid()).isTrue();
    }

    @Test
    void sameKeyNumberWithAnotherSecretIsABadSignature() {
        String tagged = SIGNER.sign("user@example.com", NEW_YEAR_2024);
        BatvVerifier other = new BatvVerifier(BatvKeys.parse("0:" + SECRET_B));
        assertThat(other.verify(tagged, NEW_YEAR_2024)).isEqualTo(new Invalid("user@example.com", Reason.BAD_SIGNATURE));
    }

    // ---- expiry ----

    static Stream<Arguments> expiryCases() {
        // signing days: an ordinary one, and ones whose validity window crosses the modulo-1000 wrap
        long[] signingDays = {19_723, 19_992, 19_993, 19_996, 19_999, 20_000, 0};
        return Arrays.stream(signingDays).boxed().flatMap(day -> IntStream.rangeClosed(-3, 12)
                .mapToObj(offset -> Arguments.of(day, offset, offset >= 0 && offset <= 7)));
    }

    @ParameterizedTest(name = "signed on epoch day {0}, verified {1} days later: valid={2}")
    @MethodSource("expiryCases")
    void validFromSigningDayThroughExpiryDayInclusive(long signingDay, int offset, boolean valid) {
        LocalDate signed = LocalDate.ofEpochDay(signingDay);
        String tagged = SIGNER.sign("user@example.com", signed);
        BatvResult result = VERIFIER.verify(tagged, signed.plusDays(offset));
        if (valid) {
            assertThat(result).isEqualTo(new Valid("user@example.com", 0));
        } else {
            assertThat(result).isEqualTo(new Invalid("user@example.com", Reason.EXPIRED));
        }
    }

    @Test
    void longExpiredTagsAreExpiredUntilTheThousandDayWrapMakesThemLookFresh() {
        String tagged = SIGNER.sign("user@example.com", NEW_YEAR_2024);
        for (int offset = 8; offset < 1000; offset++) {
            assertThat(VERIFIER.verify(tagged, NEW_YEAR_2024.plusDays(offset)))
                    .as("offset %d", offset).isEqualTo(new Invalid("user@example.com", Reason.EXPIRED));
        }
        // inherent in a 3-digit day: documented, not a bug
        assertThat(VERIFIER.verify(tagged, NEW_YEAR_2024.plusDays(1000)).isValid()).isTrue();
    }

    @Test
    void validityIsConfigurableAndMustMatchBetweenSignerAndVerifier() {
        BatvSigner signer = new BatvSigner(KEYS, 1);
        BatvVerifier verifier = new BatvVerifier(KEYS, 1);
        String tagged = signer.sign("user@example.com", NEW_YEAR_2024);
        assertThat(verifier.verify(tagged, NEW_YEAR_2024.plusDays(1)).isValid()).isTrue();
        assertThat(verifier.verify(tagged, NEW_YEAR_2024.plusDays(2))).isEqualTo(new Invalid("user@example.com", Reason.EXPIRED));

        BatvSigner yearly = new BatvSigner(KEYS, 365);
        BatvVerifier yearlyVerifier = new BatvVerifier(KEYS, 365);
        String longLived = yearly.sign("user@example.com", NEW_YEAR_2024);
        assertThat(yearlyVerifier.verify(longLived, NEW_YEAR_2024.plusDays(365)).isValid()).isTrue();
        assertThat(yearlyVerifier.verify(longLived, NEW_YEAR_2024.plusDays(366)).isValid()).isFalse();
        assertThat(yearly.validityDays()).isEqualTo(365);
        assertThat(SIGNER.validityDays()).isEqualTo(7);
        assertThat(VERIFIER.validityDays()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 366, 999, 1000})
    void validityOutOfRangeIsRejected(int days) {
        assertThatThrownBy(() -> new BatvSigner(KEYS, days))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(days));
        assertThatThrownBy(() -> new BatvVerifier(KEYS, days))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 365");
    }

    // ---- tampering ----

    @Test
    void tamperedTagsAreBadSignatures() {
        String tagged = SIGNER.sign("user@example.com", NEW_YEAR_2024);   // prvs=0730xxxxxx=user@example.com
        String sig = tagged.substring(9, 15);

        String flippedHex = tagged.substring(0, 14) + (tagged.charAt(14) == '0' ? '1' : '0') + tagged.substring(15);
        assertThat(VERIFIER.verify(flippedHex, NEW_YEAR_2024)).isEqualTo(new Invalid("user@example.com", Reason.BAD_SIGNATURE));

        String otherUser = tagged.replace("=user@", "=usar@");
        assertThat(VERIFIER.verify(otherUser, NEW_YEAR_2024)).isEqualTo(new Invalid("usar@example.com", Reason.BAD_SIGNATURE));

        String otherDomain = tagged.replace("@example.com", "@example.net");
        assertThat(VERIFIER.verify(otherDomain, NEW_YEAR_2024)).isEqualTo(new Invalid("user@example.net", Reason.BAD_SIGNATURE));

        // moving the expiry day, even to one still inside the window, breaks the signature
        String otherDay = "prvs=0729" + sig + "=user@example.com";
        assertThat(VERIFIER.verify(otherDay, NEW_YEAR_2024)).isEqualTo(new Invalid("user@example.com", Reason.BAD_SIGNATURE));

        // relabelling with another configured key number breaks it too
        BatvVerifier twoKeys = new BatvVerifier(BatvKeys.parse("0:" + SECRET_A + ",3:" + SECRET_B));
        String otherKey = "prvs=3730" + sig + "=user@example.com";
        assertThat(twoKeys.verify(otherKey, NEW_YEAR_2024)).isEqualTo(new Invalid("user@example.com", Reason.BAD_SIGNATURE));
        String unknownKey = "prvs=4730" + sig + "=user@example.com";
        assertThat(twoKeys.verify(unknownKey, NEW_YEAR_2024)).isEqualTo(new Invalid("user@example.com", Reason.UNKNOWN_KEY));
    }

    @Test
    void caseChangesDoNotBreakTheSignature() {
        String tagged = SIGNER.sign("user@example.com", NEW_YEAR_2024);
        assertThat(VERIFIER.verify(tagged.toUpperCase(Locale.ROOT), NEW_YEAR_2024))
                .isEqualTo(new Valid("USER@EXAMPLE.COM", 0));
        assertThat(VERIFIER.verify("PRVS=" + tagged.substring(5), NEW_YEAR_2024).isValid()).isTrue();
    }

    @Test
    void aSignatureIsNeverValidAgainstTheSignatureOfAnotherAddress() {
        String a = SIGNER.sign("alice@example.com", NEW_YEAR_2024);
        String b = SIGNER.sign("bob@example.com", NEW_YEAR_2024);
        String spliced = a.substring(0, 16) + "bob@example.com";
        assertThat(spliced).isNotEqualTo(b);
        assertThat(VERIFIER.verify(spliced, NEW_YEAR_2024)).isEqualTo(new Invalid("bob@example.com", Reason.BAD_SIGNATURE));
    }

    // ---- not tagged / malformed ----

    @ParameterizedTest
    @ValueSource(strings = {"", "user@example.com", "postmaster", "prv=0730abcdef=a@b.c", " prvs=0730abcdef=a@b.c",
            "user=0730abcdef@example.com", "MAILER-DAEMON@example.com", "\u0000"})
    void addressesWithoutThePrefixAreNotTagged(String address) {
        assertThat(VERIFIER.verify(address, NEW_YEAR_2024)).isEqualTo(new NotTagged(address));
        assertThat(VERIFIER.verify(address, NEW_YEAR_2024).originalAddress()).isEqualTo(address);
        assertThat(BatvVerifier.stripTag(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prvs=", "PRVS=", "prvs==", "prvs=0730abcdef", "prvs=0730abcdef=", "prvs=0730abcdef=user",
            "prvs=0730abcdef=<a@b.c>", "prvs=073abcdef=a@b.c", "prvs=0730abcdeg=a@b.c", "prvs=a730abcdef=a@b.c",
            "prvs=0730abcdef=a b@c.d", "prvs=user=0730abcdef@example.com", "prvs=0730abcdef=a@b@c",
            "prvs=\uD83D\uDE00", "prvs=0730abcdef=a@b.c\t"})
    void prefixedGarbageIsMalformed(String address) {
        assertThat(VERIFIER.verify(address, NEW_YEAR_2024)).isEqualTo(new Invalid(address, Reason.MALFORMED));
        assertThat(BatvVerifier.stripTag(address)).isEmpty();
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(20240101L);
        String alphabet = "prvsPRVS=0123456789abcdefABCDEFg@.<>\" \t\r\n\u0000\u00e9\uD800\uDC00-+_";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "prvs=" : "");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = s.toString();
            assertThatCode(() -> {
                BatvResult result = VERIFIER.verify(input, NEW_YEAR_2024);
                assertThat(result).isNotNull();
                BatvVerifier.stripTag(input);
            }).as("input %s", input).doesNotThrowAnyException();
        }
    }

    @Test
    void verifyNeedsAnAddressAndADay() {
        assertThatThrownBy(() -> VERIFIER.verify(null, NEW_YEAR_2024)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> VERIFIER.verify("a@b.c", null)).isInstanceOf(NullPointerException.class);
        assertThat(BatvVerifier.stripTag(null)).isEmpty();
    }

    // ---- secrets stay secret ----

    @Test
    void secretsAppearInNoToString() {
        BatvKeys keys = BatvKeys.parse("1:" + SECRET_B + ",0:" + SECRET_A);
        assertThat(new BatvSigner(keys).toString()).doesNotContain(SECRET_A).doesNotContain(SECRET_B).contains("key=1");
        assertThat(new BatvVerifier(keys).toString()).doesNotContain(SECRET_A).doesNotContain(SECRET_B);
        assertThat(BatvTag.parse(SIGNER.sign("a@b.c", NEW_YEAR_2024)).orElseThrow().toString())
                .doesNotContain(SECRET_A);
    }

    @Test
    void anOriginalLocalPartStartingWithEqualsIsWellFormedButUnsigned() {
        // '=' is legal atext, so "=a@b.c" is a plausible original address, not garbage
        assertThat(VERIFIER.verify("prvs=0730abcdef==a@b.c", NEW_YEAR_2024))
                .isEqualTo(new Invalid("=a@b.c", Reason.BAD_SIGNATURE));
    }
}
