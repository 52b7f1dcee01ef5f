package org.bounceguard.srs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRS secrets, parsed once from configuration text such as {@code new-secret,older-secret}.
 *
 * <p>Comma-separated secrets of at least {@value #MIN_SECRET_BYTES} bytes in UTF-8, whitespace
 * around each ignored. The <b>first</b> one signs new addresses; every one, the first included,
 * verifies. To rotate: put a new secret first and keep the old one after it for at least
 * {@code srs.maxAgeDays}; then drop it. SRS addresses carry no key number, so verifying tries
 * each secret in turn.
 *
 * <p>Secrets never appear in exception messages, {@link #toString()} or logs: errors name the
 * entry position only.
 */
public final class SrsKeys {
    /** Minimum secret length in bytes (UTF-8). */
    public static final int MIN_SECRET_BYTES = 16;
    private static final String HMAC = "HmacSHA256";
    private static final String FORMAT = "SECRET[,SECRET...], the first signing, each at least " + MIN_SECRET_BYTES + " bytes";

    private final List<SecretKeySpec> secrets;

    private SrsKeys(List<SecretKeySpec> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /**
     * @throws IllegalArgumentException if the text is blank, an entry is empty or shorter than
     *                                  {@value #MIN_SECRET_BYTES} bytes, or a secret is repeated
     */
    public static SrsKeys parse(String configuration) {
        if (configuration == null || configuration.isBlank()) {
            throw new IllegalArgumentException("SRS needs at least one secret, configured as " + FORMAT);
        }
        String[] entries = configuration.split(",", -1);
        List<SecretKeySpec> secrets = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            String secret = entries[i].trim();
            int position = i + 1;
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("SRS secret " + position + " is empty; expected " + FORMAT);
            }
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("SRS secret " + position + " is too short: secrets need at least "
                    + MIN_SECRET_BYTES + " bytes (UTF-8)");
            }
            if (seen.contains(secret)) {
                throw new IllegalArgumentException("SRS secret " + position + " repeats an earlier one");
            }
            seen.add(secret);
            secrets.add(new SecretKeySpec(bytes, HMAC));
        }
        return new SrsKeys(secrets);
    }

    /** How many secrets verify (the first of them signs). */
    public int count() {
        return secrets.size();
    }

    /** HMAC-SHA256 with secret {@code index} (0 signs) over {@code data}. */
    byte[] mac(int index, byte[] data) {
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(secrets.get(index));
            return hmac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SrsKeys[" + secrets.size() + " secret(s)]";
    }
}
