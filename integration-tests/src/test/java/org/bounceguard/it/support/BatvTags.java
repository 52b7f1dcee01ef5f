package org.bounceguard.it.support;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds BATV {@code prvs=} addresses independently of Bounceguard's code, straight from
 * draft-levine-smtp-batv: {@code prvs=K DDD SSSSSS=address}, DDD the expiry day modulo 1000,
 * SSSSSS the first three bytes of HMAC-SHA1(secret, K DDD lowercase-address) in hex.
 */
public final class BatvTags {
    private BatvTags() {
    }

    public static String tag(int keyNumber, String secret, LocalDate expiryDay, String address) {
        String day = String.format("%03d", Math.floorMod(expiryDay.toEpochDay(), 1000L));
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] mac = hmac.doFinal((keyNumber + day + address.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return String.format("prvs=%d%s%02x%02x%02x=%s", keyNumber, day, mac[0] & 0xff, mac[1] & 0xff, mac[2] & 0xff, address);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
