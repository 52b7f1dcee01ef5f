package org.bounceguard.findings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.bounceguard.backscatter.batv.BatvResult;
import org.bounceguard.backscatter.batv.BatvResult.Invalid.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code BatvStrip} found about each recipient's BATV tag, for backscatter detection:
 * attribute {@code bounceguard.batv.results}, a map of the delivered (untagged) recipient to a
 * result code - {@code valid}, {@code missing}, {@code expired}, {@code bad-signature},
 * {@code unknown-key} or {@code malformed}. A code this version does not know (written by another
 * version or another mailet) is left out when read, with a warning: it is no evidence either way,
 * never a failed tag.
 */
public final class BatvFinding {
    /** Map recipient → BATV result code. */
    public static final AttributeName RESULTS = AttributeName.of("bounceguard.batv.results");

    private static final Logger LOGGER = LoggerFactory.getLogger(BatvFinding.class);

    private BatvFinding() {
    }

    public static String code(BatvResult result) {
        if (result instanceof BatvResult.Valid) {
            return "valid";
        }
        if (result instanceof BatvResult.NotTagged) {
            return "missing";
        }
        return switch (((BatvResult.Invalid) result).reason()) {
            case EXPIRED -> "expired";
            case MALFORMED -> "malformed";
            case UNKNOWN_KEY -> "unknown-key";
            case BAD_SIGNATURE -> "bad-signature";
        };
    }

    /** The result a code stands for; empty for a code this version does not know. */
    public static Optional<BatvResult> result(String address, String code) {
        return Optional.ofNullable(switch (code) {
            case "valid" -> new BatvResult.Valid(address, -1);
            case "missing" -> new BatvResult.NotTagged(address);
            case "expired" -> new BatvResult.Invalid(address, Reason.EXPIRED);
            case "malformed" -> new BatvResult.Invalid(address, Reason.MALFORMED);
            case "unknown-key" -> new BatvResult.Invalid(address, Reason.UNKNOWN_KEY);
            case "bad-signature" -> new BatvResult.Invalid(address, Reason.BAD_SIGNATURE);
            default -> null;
        });
    }

    /** Stores the results, keyed by recipient; nothing when there are none. */
    public static void write(Mail mail, Map<String, BatvResult> results) {
        if (results.isEmpty()) {
            return;
        }
        Map<String, String> codes = new LinkedHashMap<>();
        results.forEach((recipient, result) -> codes.put(recipient, code(result)));
        MailAttributes.set(mail, RESULTS, MailAttributes.stringMap(codes));
    }

    /** The stored results, in recipient order; recipients with an unknown code are left out. */
    public static Map<String, BatvResult> read(Mail mail) {
        Map<String, BatvResult> results = new LinkedHashMap<>();
        MailAttributes.stringMap(mail, RESULTS).forEach((recipient, code) -> {
            Optional<BatvResult> result = result(recipient, code);
            if (result.isPresent()) {
                results.put(recipient, result.get());
            } else {
                LOGGER.warn("Mail {}: unknown BATV result '{}' for {} in {}; not counted as evidence",
                    mail.getName(), code, recipient, RESULTS.asString());
            }
        });
        return results;
    }
}
