package org.bounceguard.findings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * What {@code SrsReverse} did with an answer to forwarded mail: attribute
 * {@code bounceguard.srs.reversed} (SRS address to the address it went on to) or
 * {@code bounceguard.srs.suppressed} (the reason codes, {@code srs-listed} / {@code srs-spf-fail},
 * of an answer not sent on); and the sample's {@code RelayAllowed} attribute, which lets the
 * reversed answer leave through {@code transport}.
 */
public final class SrsFinding {
    public static final AttributeName REVERSED = AttributeName.of("bounceguard.srs.reversed");
    public static final AttributeName SUPPRESSED = AttributeName.of("bounceguard.srs.suppressed");
    /** The attribute the sample's {@code transport} relays on ({@code HasMailAttribute=RelayAllowed}). */
    public static final AttributeName RELAY_ALLOWED = AttributeName.of("RelayAllowed");

    private SrsFinding() {
    }

    public static void writeReversed(Mail mail, Map<String, String> reversed) {
        Map<String, String> recorded = new LinkedHashMap<>(reversed(mail));
        recorded.putAll(reversed);
        MailAttributes.set(mail, REVERSED, MailAttributes.stringMap(recorded));
        MailAttributes.set(mail, RELAY_ALLOWED, AttributeValue.of("true"));
    }

    public static Map<String, String> reversed(Mail mail) {
        return MailAttributes.stringMap(mail, REVERSED);
    }

    public static void writeSuppressed(Mail mail, List<String> reasons) {
        MailAttributes.set(mail, SUPPRESSED, MailAttributes.strings(reasons));
    }

    public static List<String> suppressed(Mail mail) {
        return MailAttributes.strings(mail, SUPPRESSED);
    }
}
