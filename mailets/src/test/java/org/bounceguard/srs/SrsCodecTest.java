package org.bounceguard.srs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Locale;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SrsCodecTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final String SECRET = "first-secret-0123456789";
    private static final String OLD_SECRET = "older-secret-0123456789";
    private final SrsCodec codec = new SrsCodec(SrsKeys.parse(SECRET), "bounceguard.test", 21);

    @Test
    void srs0RoundTripsToTheOriginalSender() {
        String rewritten = codec.forward("alice@origin.example", SrsSource.CLEAN, TODAY);

        assertThat(rewritten).matches("SRS0=[A-Z2-7]{8}=[A-Z2-7]{2}=origin\\.example=alice@bounceguard\\.test");
        assertThat(codec.reverse(rewritten, TODAY)).isEqualTo(new SrsResult.Valid("alice@origin.example", SrsSource.CLEAN, "SRS0"));
    }

    @Test
    void theSourceClassIsCarriedByTheHashAlone() {
        String clean = codec.forward("alice@origin.example", SrsSource.CLEAN, TODAY);
        String listed = codec.forward("alice@origin.example", SrsSource.LISTED, TODAY);
        String spfFail = codec.forward("alice@origin.example", SrsSource.SPF_FAIL, TODAY);

        assertThat(listed).isNotEqualTo(clean).isNotEqualTo(spfFail);
        assertThat(listed.substring(13)).isEqualTo(clean.substring(13));
        assertThat(((SrsResult.Valid) codec.reverse(listed, TODAY)).source()).isEqualTo(SrsSource.LISTED);
        assertThat(((SrsResult.Valid) codec.reverse(spfFail, TODAY)).source()).isEqualTo(SrsSource.SPF_FAIL);
        assertThat(((SrsResult.Valid) codec.reverse(clean, TODAY)).source()).isEqualTo(SrsSource.CLEAN);
    }

    @Test
    void anAddressIsValidThroughItsMaximumAgeAndExpiredAfter() {
        String rewritten = codec.forward("alice@origin.example", SrsSource.CLEAN, TODAY);

        assertThat(codec.reverse(rewritten, TODAY.plusDays(21)).isValid()).isTrue();
        assertThat(codec.reverse(rewritten, TODAY.plusDays(22))).isEqualTo(new SrsResult.Invalid(rewritten, SrsResult.Invalid.Reason.EXPIRED));
        assertThat(codec.reverse(rewritten, TODAY.minusDays(1)))
            .as("dated in the future").isEqualTo(new SrsResult.Invalid(rewritten, SrsResult.Invalid.Reason.EXPIRED));
    }

    @Test
    void theTimestampWrapsEvery1024Days() {
        LocalDate lastDayBeforeWrap = LocalDate.ofEpochDay(1024L * 20 - 1);
        String rewritten = codec.forward("alice@origin.example", SrsSource.CLEAN, lastDayBeforeWrap);

        assertThat(codec.reverse(rewritten, lastDayBeforeWrap.plusDays(3)).isValid()).isTrue();
        assertThat(SrsCodec.timestamp(lastDayBeforeWrap)).isEqualTo("77");
        assertThat(SrsCodec.timestamp(lastDayBeforeWrap.plusDays(1))).isEqualTo("AA");
    }

    @Test
    void theFirstSecretSignsAndEveryListedSecretVerifies() {
        SrsCodec before = new SrsCodec(SrsKeys.parse(OLD_SECRET), "bounceguard.test", 21);
        SrsCodec rotated = new SrsCodec(SrsKeys.parse(SECRET + "," + OLD_SECRET), "bounceguard.test", 21);
        String madeBefore = before.forward("alice@origin.example", SrsSource.LISTED, TODAY);

        assertThat(rotated.reverse(madeBefore, TODAY)).isEqualTo(new SrsResult.Valid("alice@origin.example", SrsSource.LISTED, "SRS0"));
        assertThat(rotated.forward("alice@origin.example", SrsSource.CLEAN, TODAY)).isEqualTo(codec.forward("alice@origin.example", SrsSource.CLEAN, TODAY));
        assertThat(codec.reverse(madeBefore, TODAY).isValid()).as("once the old secret is dropped").isFalse();
    }

    @Test
    void aRemoteMtaChangingTheCaseOfTheAddressDoesNotBreakIt() {
        String rewritten = codec.forward("Alice@Origin.example", SrsSource.SPF_FAIL, TODAY);

        assertThat(codec.reverse(rewritten.toLowerCase(Locale.ROOT), TODAY))
            .isEqualTo(new SrsResult.Valid("alice@origin.example", SrsSource.SPF_FAIL, "SRS0"));
        assertThat(codec.reverse(rewritten.toUpperCase(Locale.ROOT), TODAY))
            .isEqualTo(new SrsResult.Valid("ALICE@ORIGIN.EXAMPLE", SrsSource.SPF_FAIL, "SRS0"));
    }

    @Test
    void aLocalPartWithTheSeparatorSurvives() {
        String rewritten = codec.forward("a=b=c@origin.example", SrsSource.CLEAN, TODAY);

        assertThat(codec.reverse(rewritten, TODAY)).isEqualTo(new SrsResult.Valid("a=b=c@origin.example", SrsSource.CLEAN, "SRS0"));
    }

    @Test
    void anAddressOfOurOwnSrsDomainIsNotRewrittenAgain() {
        String rewritten = codec.forward("alice@origin.example", SrsSource.CLEAN, TODAY);

        assertThat(codec.forward(rewritten, SrsSource.CLEAN, TODAY)).isEqualTo(rewritten);
    }

    @Test
    void theNullSenderAndOddAddressesAreRefused() {
        assertThatThrownBy(() -> codec.forward("", SrsSource.CLEAN, TODAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.forward("<>", SrsSource.CLEAN, TODAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.forward("\"a b\"@origin.example", SrsSource.CLEAN, TODAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.forward("no-domain", SrsSource.CLEAN, TODAY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    class Srs1 {
        private final SrsCodec firstForwarder = new SrsCodec(SrsKeys.parse("first-forwarder-secret-1"), "first.example", 21);

        @Test
        void anSrs0SenderOfAnotherForwarderBecomesSrs1AndBothHopsReverse() {
            String firstHop = firstForwarder.forward("alice@origin.example", SrsSource.CLEAN, TODAY);
            String secondHop = codec.forward(firstHop, SrsSource.CLEAN, TODAY);

            String opaque = firstHop.substring("SRS0".length(), firstHop.indexOf('@'));
            assertThat(secondHop).isEqualTo("SRS1=" + secondHop.substring(5, 13) + "=first.example=" + opaque + "@bounceguard.test");
            assertThat(secondHop).contains("=first.example==");
            SrsResult back = codec.reverse(secondHop, TODAY);
            assertThat(back).isEqualTo(new SrsResult.Valid(firstHop, SrsSource.CLEAN, "SRS1"));
            assertThat(firstForwarder.reverse(((SrsResult.Valid) back).originalAddress(), TODAY))
                .isEqualTo(new SrsResult.Valid("alice@origin.example", SrsSource.CLEAN, "SRS0"));
        }

        @Test
        void anSrs1SenderKeepsItsFirstForwarder() {
            String firstHop = firstForwarder.forward("alice@origin.example", SrsSource.CLEAN, TODAY);
            SrsCodec middle = new SrsCodec(SrsKeys.parse("middle-forwarder-secret"), "middle.example", 21);
            String secondHop = middle.forward(firstHop, SrsSource.CLEAN, TODAY);
            String thirdHop = codec.forward(secondHop, SrsSource.LISTED, TODAY);

            assertThat(thirdHop).startsWith("SRS1=").contains("=first.example==").endsWith("@bounceguard.test");
            assertThat(codec.reverse(thirdHop, TODAY)).isEqualTo(new SrsResult.Valid(firstHop, SrsSource.LISTED, "SRS1"));
        }

        @Test
        void aTamperedFirstForwarderFailsTheHash() {
            String secondHop = codec.forward(firstForwarder.forward("alice@origin.example", SrsSource.CLEAN, TODAY), SrsSource.CLEAN, TODAY);
            String tampered = secondHop.replace("=first.example==", "=victim.example==");

            assertThat(codec.reverse(tampered, TODAY)).isEqualTo(new SrsResult.Invalid(tampered, SrsResult.Invalid.Reason.BAD_HASH));
        }
    }

    @Nested
    class AnAttackerWhoReadTheReadme {
        private final String genuine = codec.forward("alice@origin.example", SrsSource.CLEAN, TODAY);

        @Test
        void aMadeUpHashIsRefused() {
            String forged = "SRS0=ABCDEFGH=" + SrsCodec.timestamp(TODAY) + "=victim.example=bob@bounceguard.test";

            assertThat(codec.reverse(forged, TODAY)).isEqualTo(new SrsResult.Invalid(forged, SrsResult.Invalid.Reason.BAD_HASH));
        }

        @Test
        void anSrs1WithAMadeUpHashIsRefused() {
            String forged = "SRS1=ABCDEFGH=first.example==XYZW=AB=victim.example=bob@bounceguard.test";

            assertThat(codec.reverse(forged, TODAY)).isEqualTo(new SrsResult.Invalid(forged, SrsResult.Invalid.Reason.BAD_HASH));
        }

        @Test
        void aGenuineAddressOfAnotherSrsDomainIsNotOurs() {
            String foreign = new SrsCodec(SrsKeys.parse(SECRET), "other-forwarder.example", 21)
                .forward("alice@origin.example", SrsSource.CLEAN, TODAY);

            assertThat(codec.reverse(foreign, TODAY)).isEqualTo(new SrsResult.NotSrs(foreign));
            String moved = foreign.replace("@other-forwarder.example", "@bounceguard.test");
            assertThat(codec.reverse(moved, TODAY).isValid()).as("same secret, but the hash does not name the domain: valid").isTrue();
        }

        @Test
        void aTamperedDomainOrLocalPartFailsTheHash() {
            String otherDomain = genuine.replace("=origin.example=", "=victim.example=");
            String otherLocal = genuine.replace("=alice@", "=bob@");
            String boundaryMoved = genuine.replace("=origin.example=alice@", "=origin.examplea=lice@");

            assertThat(codec.reverse(otherDomain, TODAY)).isEqualTo(new SrsResult.Invalid(otherDomain, SrsResult.Invalid.Reason.BAD_HASH));
            assertThat(codec.reverse(otherLocal, TODAY)).isEqualTo(new SrsResult.Invalid(otherLocal, SrsResult.Invalid.Reason.BAD_HASH));
            assertThat(codec.reverse(boundaryMoved, TODAY)).isEqualTo(new SrsResult.Invalid(boundaryMoved, SrsResult.Invalid.Reason.BAD_HASH));
        }

        @Test
        void aFreshTimestampOnAnOldAddressFailsTheHash() {
            String old = codec.forward("alice@origin.example", SrsSource.CLEAN, TODAY.minusDays(60));
            String refreshed = old.substring(0, 14) + SrsCodec.timestamp(TODAY) + old.substring(16);

            assertThat(codec.reverse(old, TODAY)).isEqualTo(new SrsResult.Invalid(old, SrsResult.Invalid.Reason.EXPIRED));
            assertThat(codec.reverse(refreshed, TODAY)).isEqualTo(new SrsResult.Invalid(refreshed, SrsResult.Invalid.Reason.BAD_HASH));
        }

        @Test
        void aDubiousSourceCannotBePassedOffAsClean() {
            String listed = codec.forward("alice@origin.example", SrsSource.LISTED, TODAY);

            assertThat(((SrsResult.Valid) codec.reverse(listed, TODAY)).source()).isEqualTo(SrsSource.LISTED);
            assertThat(listed).isNotEqualTo(genuine);
        }

        @Test
        void malformedShapesAreMalformedNeverAnException() {
            for (String shape : new String[] {"SRS0=@bounceguard.test", "SRS0=ABCDEFGH@bounceguard.test", "SRS0=ABCDEFG=AA=d=l@bounceguard.test",
                "SRS0=ABCDEFGH=A=d=l@bounceguard.test", "SRS0=ABCDEFGH=AA==l@bounceguard.test", "SRS0=ABCDEFGH=AA=d=@bounceguard.test",
                "SRS0=ABCDEFGH=A1=d=l@bounceguard.test", "SRS0=ABCDEF!H=AA=d=l@bounceguard.test", "SRS1=ABCDEFGH=host=x@bounceguard.test",
                "SRS1=ABCDEFGH==x@bounceguard.test", "SRS1=ABCDEFGH=host==@bounceguard.test",
                "SRS0=ABCDEFGH=AA=d=" + "l".repeat(SrsCodec.MAX_ADDRESS_LENGTH) + "@bounceguard.test"}) {
                assertThat(codec.reverse(shape, TODAY)).as(shape).isEqualTo(new SrsResult.Invalid(shape, SrsResult.Invalid.Reason.MALFORMED));
            }
        }

        @Test
        void plainAddressesOfTheSrsDomainAreNotSrs() {
            assertThat(codec.reverse("postmaster@bounceguard.test", TODAY)).isInstanceOf(SrsResult.NotSrs.class);
            assertThat(codec.reverse("srs0@bounceguard.test", TODAY)).isInstanceOf(SrsResult.NotSrs.class);
            assertThat(codec.reverse("SRS2=ABCDEFGH=AA=d=l@bounceguard.test", TODAY)).isInstanceOf(SrsResult.NotSrs.class);
            assertThat(codec.reverse("no-at-all", TODAY)).isInstanceOf(SrsResult.NotSrs.class);
        }

        @Test
        void aLongFloodOfSeparatorsIsReadInOnePass() {
            String flood = "SRS0=ABCDEFGH=AA=" + "=".repeat(SrsCodec.MAX_ADDRESS_LENGTH - 40) + "@bounceguard.test";

            assertThat(codec.reverse(flood, TODAY)).isEqualTo(new SrsResult.Invalid(flood, SrsResult.Invalid.Reason.MALFORMED));
        }
    }
}
