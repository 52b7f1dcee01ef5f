package org.bounceguard.ledger;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The keyed hash under which a (Message-ID, return address) pair is stored: HMAC-SHA256 with a
 * secret, truncated to its first 64 bits. Whoever reads the ledger (a heap dump, the blob store)
 * learns nothing about the mail without the secret, and cannot test guesses either.
 *
 * <p>False positives: a bounce for a message we never relayed is taken for one we did only if its
 * 64-bit key collides with a stored one: with n = 10,000,000 entries, n / 2^64 ≈ 5.4e-13 per
 * look-up, about one wrong "hit" per 1.8 trillion forged bounces.
 *
 * <p>Keys are compared with {@code ==} in hash sets, not in constant time: a timing side channel
 * would need an attacker to time our look-ups against keys chosen by us, but the attacker cannot
 * compute any key without the secret, so there is nothing to learn by timing.
 *
 * <p>Changing the secret makes every stored entry unreachable: for one retention period, bounces
 * to mail sent before the change are misses.
 *
 * <p>The secret never appears in {@link #toString()}, exception messages or logs.
 */
public final class LedgerKey {
    /** Minimum secret length in bytes (UTF-8). */
    public static final int MIN_SECRET_BYTES = 16;

    private static final String HMAC = "HmacSHA256";

    // Mac is stateful and not thread-safe: each thread (a spooler thread, in James) keeps its own
    // initialised copy and buffers, so hashing neither locks nor allocates.
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        final Mac mac;
        final byte[] digest;
        byte[] input = new byte[256];

        Scratch(Mac mac) {
            this.mac = mac;
            this.digest = new byte[mac.getMacLength()];
        }

        /** Writes {@code id NUL address} as UTF-8 into {@link #input}; returns its length. */
        int encode(String id, String address) {
            int length = id.length() + 1 + address.length();
            if (isAscii(id) && isAscii(address)) {
                ensure(length);
                // the deprecated copy keeps each char's low byte only: exactly UTF-8 for ASCII, no allocation
                id.getBytes(0, id.length(), input, 0);
                input[id.length()] = 0;
                address.getBytes(0, address.length(), input, id.length() + 1);
                return length;
            }
            byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
            byte[] addressBytes = address.getBytes(StandardCharsets.UTF_8);
            ensure(idBytes.length + 1 + addressBytes.length);
            System.arraycopy(idBytes, 0, input, 0, idBytes.length);
            input[idBytes.length] = 0;
            System.arraycopy(addressBytes, 0, input, idBytes.length + 1, addressBytes.length);
            return idBytes.length + 1 + addressBytes.length;
        }

        private void ensure(int length) {
            if (input.length < length) {
                input = new byte[Math.max(length, input.length * 2)];
            }
        }

        private static boolean isAscii(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
    }

    private LedgerKey(SecretKeySpec secret) {
        Mac prototype = newMac(secret);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(copyOf(prototype, secret)));
    }

    /**
     * @throws IllegalArgumentException if the secret is missing or shorter than {@value #MIN_SECRET_BYTES} bytes in UTF-8
     */
    public static LedgerKey fromSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the outbound ledger needs a secret of at least " + MIN_SECRET_BYTES + " bytes");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the outbound ledger secret is too short: " + bytes.length
                + " bytes, at least " + MIN_SECRET_BYTES + " needed (UTF-8)");
        }
        return new LedgerKey(new SecretKeySpec(bytes, HMAC));
    }

    /** The key of one recorded entry. */
    public long of(Normalised.Entry entry) {
        return of(entry.messageId(), entry.address());
    }

    /** The key of one pair, both parts already {@link Normalised normalised} and non-empty. */
    public long of(String normalisedMessageId, String normalisedAddress) {
        Scratch own = scratch.get();
        // NUL separates the parts unambiguously: neither a header nor an address can contain it
        int length = own.encode(normalisedMessageId, normalisedAddress);
        own.mac.update(own.input, 0, length);
        try {
            own.mac.doFinal(own.digest, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HmacSHA256 digest longer than its own length", e);
        }
        long key = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            key = (key << 8) | (own.digest[i] & 0xff);
        }
        return key;
    }

    /** The key as the 16 lower-case hex digits used where a string is needed (blob ids). */
    public static String hex(long key) {
        String digits = Long.toHexString(key);
        return "0".repeat(16 - digits.length()) + digits;
    }

    @Override
    public String toString() {
        return "LedgerKey[HmacSHA256 truncated to 64 bits, secret hidden]";
    }

    private static Mac newMac(SecretKeySpec secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static Mac copyOf(Mac prototype, SecretKeySpec secret) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(secret);
        }
    }
}
