package org.bounceguard.srs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

import org.bounceguard.net.DomainNames;

/**
 * The Sender Rewriting Scheme (Shevek's scheme, as libsrs2 and postsrsd write it) for one SRS
 * domain of ours.
 *
 * <ul>
 *   <li>{@code SRS0=HHHHHHHH=TT=domain=local@srs-domain} for an ordinary sender
 *   {@code local@domain};</li>
 *   <li>{@code SRS1=HHHHHHHH=first-forwarder==HHH=TT=domain=local@srs-domain} for a sender that
 *   is already {@code SRS0=HHH=TT=domain=local@first-forwarder} (or an {@code SRS1} address of
 *   another forwarder, whose first forwarder is kept): an answer goes back to the first forwarder,
 *   who checks its own part.</li>
 * </ul>
 * {@code TT} is the day (days since 1970-01-01 UTC, modulo 1024) in two base32 characters;
 * {@code HHHHHHHH} is the first 40 bits of HMAC-SHA256 with the first secret ({@link SrsKeys}) in
 * eight base32 characters, over {@code TT=domain=local} ({@code SRS0}) or
 * {@code first-forwarder=HHH=TT=domain=local} ({@code SRS1}), lowercased, preceded by the
 * {@link SrsSource} marker for a dubious source. Base32 and the lowercased hash data make the
 * address survive a remote MTA that changes its case; the {@code =} between the parts keeps a
 * forger from moving the boundary between domain and local part.
 *
 * <p>{@link #reverse} checks, in order: the domain and prefix ({@code NotSrs}), the shape and
 * the length bound of {@value #MAX_ADDRESS_LENGTH} characters ({@code MALFORMED}), the hash
 * against every secret and source class, each compared in constant time ({@code BAD_HASH}), then
 * the age of an {@code SRS0} ({@code EXPIRED}: older than {@code maxAgeDays}, or dated in the
 * future). An {@code SRS1} address carries no time of its own; the first forwarder checks the
 * time inside it. Parsing is one pass over the address. Immutable and thread-safe.
 */
public final class SrsCodec {
    /** Longest address {@link #reverse} reads; SMTP paths are at most 256 octets, SRS adds tens. */
    public static final int MAX_ADDRESS_LENGTH = 1024;
    /** Largest {@code maxAgeDays}: well inside the 1024-day wrap of {@code TT}. */
    public static final int MAX_AGE_DAYS_LIMIT = 365;
    /** The default maximum age, libsrs2's. */
    public static final int DEFAULT_MAX_AGE_DAYS = 21;
    static final int HASH_LENGTH = 8;
    static final String SRS0 = "SRS0";
    static final String SRS1 = "SRS1";
    private static final char SEPARATOR = '=';
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int TIME_WRAP = 1024;

    private final SrsKeys keys;
    private final String domain;
    private final int maxAgeDays;

    /**
     * @param domain     our SRS domain, the domain every rewritten sender gets
     * @param maxAgeDays how many days an {@code SRS0} address stays valid, 1 to {@value #MAX_AGE_DAYS_LIMIT}
     */
    public SrsCodec(SrsKeys keys, String domain, int maxAgeDays) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.domain = DomainNames.fold(Objects.requireNonNull(domain, "domain"));
        if (this.domain.isEmpty() || this.domain.indexOf(SEPARATOR) >= 0 || this.domain.indexOf('@') >= 0) {
            throw new IllegalArgumentException("not a domain name: '" + domain + "'");
        }
        this.maxAgeDays = requireMaxAge(maxAgeDays);
    }

    public static int requireMaxAge(int maxAgeDays) {
        if (maxAgeDays < 1 || maxAgeDays > MAX_AGE_DAYS_LIMIT) {
            throw new IllegalArgumentException("SRS maximum age must be 1 to " + MAX_AGE_DAYS_LIMIT + " days, got " + maxAgeDays);
        }
        return maxAgeDays;
    }

    public String domain() {
        return domain;
    }

    public int maxAgeDays() {
        return maxAgeDays;
    }

    /** How many secrets verify. */
    public int keyCount() {
        return keys.count();
    }

    /** Whether {@code address}'s domain is our SRS domain. */
    public boolean isOurs(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at >= 0 && DomainNames.fold(address.substring(at + 1)).equals(domain);
    }

    /**
     * The SRS form of {@code sender} at our domain, signed with the first secret: {@code SRS1}
     * when the sender is already an SRS address of another domain, else {@code SRS0}. An address of
     * our own SRS domain comes back unchanged (answers to it already return here).
     *
     * @param sender a bare {@code local@domain}, not the null sender
     * @throws IllegalArgumentException for the null sender or an address that is not a plain
     *                                  {@code local@domain} (brackets, quotes, whitespace, control characters)
     */
    public String forward(String sender, SrsSource source, LocalDate today) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(today, "today");
        if (sender == null || sender.isBlank() || sender.trim().equals("<>")) {
            throw new IllegalArgumentException("the null sender is never rewritten");
        }
        int at = plainAddressAt(sender);
        if (at < 0 || sender.length() > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("cannot SRS-rewrite '" + sender
                + "': expected a bare local@domain without brackets, quotes or whitespace, at most " + MAX_ADDRESS_LENGTH + " characters");
        }
        if (isOurs(sender)) {
            return sender;
        }
        String local = sender.substring(0, at);
        String host = sender.substring(at + 1);
        if (hasScheme(local, SRS0)) {
            // an SRS0 address of another forwarder: SRS1 keeping it as the first forwarder
            String opaque = local.substring(SRS0.length());
            return srs1(host, opaque, source);
        }
        if (hasScheme(local, SRS1)) {
            // SRS1=HHH=first==rest@another: the first forwarder and its part stay, our hash replaces theirs
            int hashEnd = local.indexOf(SEPARATOR, SRS1.length() + 1);
            int hostEnd = hashEnd < 0 ? -1 : local.indexOf(SEPARATOR, hashEnd + 1);
            if (hostEnd > hashEnd + 1 && hostEnd + 1 < local.length() && local.charAt(hostEnd + 1) == SEPARATOR) {
                return srs1(local.substring(hashEnd + 1, hostEnd), local.substring(hostEnd + 1), source);
            }
        }
        String time = timestamp(today);
        String hash = hash(0, source, time + SEPARATOR + host + SEPARATOR + local);
        return SRS0 + SEPARATOR + hash + SEPARATOR + time + SEPARATOR + host + SEPARATOR + local + "@" + domain;
    }

    private String srs1(String firstForwarder, String opaque, SrsSource source) {
        String hash = hash(0, source, firstForwarder + SEPARATOR + opaque);
        return SRS1 + SEPARATOR + hash + SEPARATOR + firstForwarder + SEPARATOR + opaque + "@" + domain;
    }

    /**
     * Verifies and reverses {@code address}. Never throws on garbage.
     *
     * @param address a bare address as James gives it; not null
     */
    public SrsResult reverse(String address, LocalDate today) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(today, "today");
        int at = address.lastIndexOf('@');
        if (at < 0 || !isOurs(address)) {
            return new SrsResult.NotSrs(address);
        }
        String local = address.substring(0, at);
        boolean srs0 = hasScheme(local, SRS0);
        if (!srs0 && !hasScheme(local, SRS1)) {
            return new SrsResult.NotSrs(address);
        }
        if (address.length() > MAX_ADDRESS_LENGTH) {
            return malformed(address);
        }
        int hashStart = SRS0.length() + 1;
        int hashEnd = hashStart + HASH_LENGTH;
        if (local.length() <= hashEnd || local.charAt(hashEnd) != SEPARATOR || !allBase32(local, hashStart, hashEnd)) {
            return malformed(address);
        }
        String hash = local.substring(hashStart, hashEnd);
        return srs0 ? reverseSrs0(address, local, hash, hashEnd + 1, today) : reverseSrs1(address, local, hash, hashEnd + 1);
    }

    private SrsResult reverseSrs0(String address, String local, String hash, int timeStart, LocalDate today) {
        int timeEnd = timeStart + 2;
        if (local.length() <= timeEnd || local.charAt(timeEnd) != SEPARATOR || !allBase32(local, timeStart, timeEnd)) {
            return malformed(address);
        }
        int hostEnd = local.indexOf(SEPARATOR, timeEnd + 1);
        if (hostEnd <= timeEnd + 1 || hostEnd == local.length() - 1) {
            return malformed(address);
        }
        String time = local.substring(timeStart, timeEnd);
        String host = local.substring(timeEnd + 1, hostEnd);
        String originalLocal = local.substring(hostEnd + 1);
        SrsSource source = verify(hash, time + SEPARATOR + host + SEPARATOR + originalLocal);
        if (source == null) {
            return new SrsResult.Invalid(address, SrsResult.Invalid.Reason.BAD_HASH);
        }
        int age = Math.floorMod(day(today) - decodeTime(time), TIME_WRAP);
        if (age > maxAgeDays) {
            return new SrsResult.Invalid(address, SrsResult.Invalid.Reason.EXPIRED);
        }
        return new SrsResult.Valid(originalLocal + "@" + host, source, SRS0);
    }

    private SrsResult reverseSrs1(String address, String local, String hash, int hostStart) {
        int hostEnd = local.indexOf(SEPARATOR, hostStart);
        // first-forwarder, then "=" and the opaque part, which itself starts with "="
        if (hostEnd <= hostStart || hostEnd + 2 >= local.length() || local.charAt(hostEnd + 1) != SEPARATOR) {
            return malformed(address);
        }
        String host = local.substring(hostStart, hostEnd);
        String opaque = local.substring(hostEnd + 1);
        SrsSource source = verify(hash, host + SEPARATOR + opaque);
        if (source == null) {
            return new SrsResult.Invalid(address, SrsResult.Invalid.Reason.BAD_HASH);
        }
        return new SrsResult.Valid(SRS0 + opaque + "@" + host, source, SRS1);
    }

    /** The source class whose hash under some secret is {@code hash}; null when none is. */
    private SrsSource verify(String hash, String data) {
        byte[] actual = hash.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        SrsSource found = null;
        for (int key = 0; key < keys.count(); key++) {
            for (SrsSource source : SrsSource.values()) {
                byte[] expected = hash(key, source, data).getBytes(StandardCharsets.US_ASCII);
                if (MessageDigest.isEqual(expected, actual) && found == null) {
                    found = source;
                }
            }
        }
        return found;
    }

    private String hash(int key, SrsSource source, String data) {
        byte[] mac = keys.mac(key, (source.hashPrefix() + data.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (mac[i] & 0xff);
        }
        char[] text = new char[HASH_LENGTH];
        for (int i = HASH_LENGTH - 1; i >= 0; i--) {
            text[i] = BASE32.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new String(text);
    }

    static String timestamp(LocalDate today) {
        int day = day(today);
        return "" + BASE32.charAt(day >> 5) + BASE32.charAt(day & 31);
    }

    private static int day(LocalDate today) {
        return (int) Math.floorMod(today.toEpochDay(), (long) TIME_WRAP);
    }

    private static int decodeTime(String time) {
        return (base32Value(time.charAt(0)) << 5) | base32Value(time.charAt(1));
    }

    private static int base32Value(char c) {
        return BASE32.indexOf(Character.toUpperCase(c));
    }

    private static boolean allBase32(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code local} starts with {@code SRS0=} / {@code SRS1=}, any case. */
    private static boolean hasScheme(String local, String scheme) {
        return local.length() > scheme.length() && local.regionMatches(true, 0, scheme, 0, scheme.length())
            && local.charAt(scheme.length()) == SEPARATOR;
    }

    /** Whether {@code address} starts with {@code SRS0=} or {@code SRS1=} (any case), whatever its domain. */
    public static boolean looksSrs(String address) {
        return address != null && (hasScheme(address, SRS0) || hasScheme(address, SRS1));
    }

    /** The position of the one {@code @} of a plain {@code local@domain}; -1 when it is not one. */
    private static int plainAddressAt(String address) {
        int at = -1;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return -1;
            }
            if (c == '@') {
                if (at >= 0) {
                    return -1;
                }
                at = i;
            }
        }
        return at > 0 && at < address.length() - 1 ? at : -1;
    }

    private static SrsResult malformed(String address) {
        return new SrsResult.Invalid(address, SrsResult.Invalid.Reason.MALFORMED);
    }

    @Override
    public String toString() {
        return "SrsCodec[domain=" + domain + ", keys=" + keys + ", maxAgeDays=" + maxAgeDays + "]";
    }
}
