package org.bounceguard.backscatter.batv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatvTagTest {

    @Test
    void parsesTheFields() {
        BatvTag tag = BatvTag.parse("prvs=0730ab12cd=User@Example.com").orElseThrow();
        assertThat(tag.keyNumber()).isZero();
        assertThat(tag.expiryDay()).isEqualTo(730);
        assertThat(tag.signature()).isEqualTo("ab12cd");
        assertThat(tag.originalAddress()).isEqualTo("User@Example.com");
        assertThat(tag.toAddress()).isEqualTo("prvs=0730ab12cd=User@Example.com");
    }

    @Test
    void prefixAndHexAreCaseInsensitiveAndHexIsStoredLowercase() {
        BatvTag tag = BatvTag.parse("PrVs=9005AB12CD=a@b.c").orElseThrow();
        assertThat(tag.keyNumber()).isEqualTo(9);
        assertThat(tag.expiryDay()).isEqualTo(5);
        assertThat(tag.signature()).isEqualTo("ab12cd");
        assertThat(tag.toAddress()).isEqualTo("prvs=9005ab12cd=a@b.c");
    }

    @Test
    void signedDataIsKeyDayAndLowercasedAddress() {
        BatvTag tag = BatvTag.parse("prvs=1042abcdef=John.Doe@Example.COM").orElseThrow();
        assertThat(new String(tag.signedData(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("1042john.doe@example.com");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "prvs=", "prvs==", "prvs=0730ab12cd", "prvs=0730ab12cd=", "prvs=0730ab12cd=@",
            "prvs=0730ab12cd=user", "prvs=0730ab12cd=user@", "prvs=0730ab12cd=@example.com",
            "prvs=0730ab12cd=a@b@c", "prvs=0730ab12cd=<a@b.c>", "prvs=0730ab12cd=a b@c.d",
            "prvs=0730ab12cd=\"a\"@b.c", "prvs=0730ab12cd=a@b.c\n", "prvs=0730ab12cd=a\u0000@b.c",
            "prvs=073ab12cd=a@b.c", "prvs=07300ab12cd=a@b.c", "prvs=0730ab12c=a@b.c",
            "prvs=0730ab12cde=a@b.c", "prvs=0730ab12cg=a@b.c", "prvs=X730ab12cd=a@b.c",
            "prvs=07x0ab12cd=a@b.c", "prvs=0730ab12cd-a@b.c", "prvs=-730ab12cd=a@b.c",
            "prvs=+730ab12cd=a@b.c", "prvs=0\u066330ab12cd=a@b.c", "prvs=0730ab\uff11\uff12cd=a@b.c",
            "prvs=0730ab12cd=a@b.c\u2028", "prvs= 730ab12cd=a@b.c", "prvs=0730 ab12c=a@b.c",
            "prvs", "prv=0730ab12cd=a@b.c", "xprvs=0730ab12cd=a@b.c", " prvs=0730ab12cd=a@b.c",
            "user=0730ab12cd@example.com", "prvs=user=0730ab12cd@example.com",
            "\uD800", "prvs=\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800@x"})
    void garbageIsNotATagAndNeverThrows(String garbage) {
        assertThat(BatvTag.parse(garbage)).isEmpty();
    }

    @Test
    void aTagInsideATagIsParsedOneLevelOnly() {
        BatvTag outer = BatvTag.parse("prvs=1001aaaaaa=prvs=0002bbbbbb=a@b.c").orElseThrow();
        assertThat(outer.originalAddress()).isEqualTo("prvs=0002bbbbbb=a@b.c");
    }

    @Test
    void hasPrefixOnlyLooksAtThePrefix() {
        assertThat(BatvTag.hasPrefix("PRVS=garbage")).isTrue();
        assertThat(BatvTag.hasPrefix("prvs")).isFalse();
        assertThat(BatvTag.hasPrefix(null)).isFalse();
        assertThat(BatvTag.hasPrefix("user@prvs=example.com")).isFalse();
    }

    @Test
    void dayCodeIsEpochDayModuloThousand() {
        assertThat(BatvTag.dayCode(LocalDate.of(1970, 1, 1))).isZero();
        assertThat(BatvTag.dayCode(LocalDate.of(2024, 1, 1))).isEqualTo(723);   // epoch day 19723
        assertThat(BatvTag.dayCode(LocalDate.ofEpochDay(19_999))).isEqualTo(999);
        assertThat(BatvTag.dayCode(LocalDate.ofEpochDay(20_000))).isZero();
        assertThat(BatvTag.dayCode(LocalDate.of(1969, 12, 31))).isEqualTo(999);
    }

    @Test
    void constructorRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new BatvTag(10, 1, "abcdef", "a@b.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatvTag(1, 1000, "abcdef", "a@b.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatvTag(1, 1, "abcde", "a@b.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatvTag(1, 1, "abcdeg", "a@b.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatvTag(1, 1, "abcdef", "ab.c")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BatvTag(1, 1, "ABCDEF", "a@b.c").signature()).isEqualTo("abcdef");
        assertThat(new BatvTag(1, 1, "abcdef", "a@b.c").toAddress()).isEqualTo("prvs=1001abcdef=a@b.c");
    }
}
