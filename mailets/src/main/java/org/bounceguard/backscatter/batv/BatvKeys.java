package org.bounceguard.backscatter.batv;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BATV signing secrets, parsed once from configuration text such as
 * {@code 1:secret-one,0:older-secret}.
 *
 * <p>Each comma-separated entry is {@code KEY:SECRET}: a key number (one digit, 0–9, written
 * into every tag) and a secret of at least {@value #MIN_SECRET_BYTES} bytes in UTF-8. Whitespace
 * around entries, key numbers and secrets is ignored; a secret therefore cannot contain a comma
 * or begin or end with whitespace. The <b>first</b> entry is the current signing key; every entry,
 * including the first, is accepted when verifying. To rotate: put a new key first and keep the
 * old one after it for at least the validity period; then drop it.
 *
 * <p>Secrets never appear in exception messages, {@link #toString()} or logs: errors name the
 * entry position or key number only.
 */
public final class BatvKeys {

    /** Minimum secret length in bytes (UTF-8). */
    public static final int MIN_SECRET_BYTES = 16;

    private static final String HMAC = "HmacSHA1";
    private static final String FORMAT = "KEY:SECRET[,KEY:SECRET...], KEY a digit 0-9, the first entry signing";

    private final int current;
    private final Map<Integer, SecretKeySpec> secrets;

    private BatvKeys(int current, Map<Integer, SecretKeySpec> secrets) {
        this.current = current;
        this.secrets = secrets;
    }

    /**
     * Parses the configuration text.
     *
     * @throws IllegalArgumentException if the text is missing or empty, an entry is not
     *                                  {@code KEY:SECRET}, a key number is not a single digit or is
     *                                  repeated, or a secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public static BatvKeys parse(String configuration) {
        if (configuration == null || configuration.isBlank()) {
            throw new IllegalArgumentException("BATV needs at least one key, configured as " + FORMAT);
        }
        String[] entries = configuration.split(",", -1);
        Map<Integer, SecretKeySpec> secrets = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            int position = i + 1;
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("BATV key entry " + position + " is empty; expected " + FORMAT);
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                // never echo the entry: without a colon it may well be a bare secret
                throw new IllegalArgumentException("BATV key entry " + position
                        + " is not KEY:SECRET; expected " + FORMAT);
            }
            String number = entry.substring(0, colon).trim();
            if (number.length() != 1 || number.charAt(0) < '0' || number.charAt(0) > '9') {
                throw new IllegalArgumentException("BATV key entry " + position
                        + " has an invalid key number: it must be a single digit 0-9");
            }
            int keyNumber = number.charAt(0) - '0';
            byte[] secret = entry.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("BATV key " + keyNumber + " is too short: secrets need at least "
                        + MIN_SECRET_BYTES + " bytes (UTF-8)");
            }
            if (secrets.containsKey(keyNumber)) {
                throw new IllegalArgumentException("BATV key " + keyNumber + " is configured more than once");
            }
            secrets.put(keyNumber, new SecretKeySpec(secret, HMAC));
        }
        int current = secrets.keySet().iterator().next();
        return new BatvKeys(current, Collections.unmodifiableMap(secrets));
    }

    /** The key number new tags are signed with (the first configured entry). */
    public int currentKeyNumber() {
        return current;
    }

    /** Every accepted key number, the current one first. */
    public List<Integer> keyNumbers() {
        return List.copyOf(secrets.keySet());
    }

    /** Whether tags signed with {@code keyNumber} can be verified. */
    public boolean accepts(int keyNumber) {
        return secrets.containsKey(keyNumber);
    }

    /**
     * The six lowercase hex digits of HMAC-SHA1 with key {@code keyNumber} over {@code data}.
     *
     * @throws IllegalArgumentException if the key is not configured
     */
    String signature(int keyNumber, byte[] data) {
        SecretKeySpec key = secrets.get(keyNumber);
        if (key == null) {
            throw new IllegalArgumentException("BATV key " + keyNumber + " is not configured");
        }
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(key);
            mac = hmac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable in this JVM", e);
        }
        return String.format("%02x%02x%02x", mac[0] & 0xff, mac[1] & 0xff, mac[2] & 0xff);
    }

    @Override
    public String toString() {
        return "BatvKeys[current=" + current + ", accepted=" + new ArrayList<>(secrets.keySet()) + "]";
    }
}
