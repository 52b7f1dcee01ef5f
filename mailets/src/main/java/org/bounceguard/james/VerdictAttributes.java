package org.bounceguard.james;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.Verdict;

import com.google.common.collect.ImmutableList;

/**
 * How a DNSBL verdict travels with a mail: plain mail attributes (strings, numbers, lists) that
 * survive James's mail queues and show in WebAdmin, so later processors (e.g. {@code bounces})
 * and other mailets can read it.
 */
public final class VerdictAttributes {
    /** Integer: the sum of the weights of the zones that list the client / domains; safe-mode zones never count. */
    public static final AttributeName SCORE = AttributeName.of("bounceguard.dnsbl.score");
    /** List of "zone=return code" for every matching listing but the safe-mode ones (those are in {@link #SAFE_LISTED}). */
    public static final AttributeName LISTED = AttributeName.of("bounceguard.dnsbl.listed");
    /** Map zone → TXT reason published by the list, where there is one. */
    public static final AttributeName REASONS = AttributeName.of("bounceguard.dnsbl.reasons");
    /** List of "zone: ERROR_KIND detail" for zones that could not give an answer (counted as not listed). */
    public static final AttributeName ERRORS = AttributeName.of("bounceguard.dnsbl.errors");
    /** List of safe-mode zones (e.g. ips.backscatterer.org) that list this bounce's sender. */
    public static final AttributeName SAFE_LISTED = AttributeName.of("bounceguard.dnsbl.safeListed");
    /** The client address that was checked, or why none was (loopback, private, trusted, authenticated). */
    public static final AttributeName CLIENT = AttributeName.of("bounceguard.dnsbl.client");
    /** One line, as in the optional header. */
    public static final AttributeName SUMMARY = AttributeName.of("bounceguard.dnsbl.summary");
    /** Milliseconds the mail waited in DnsblCheck for its verdict (Long); near 0 when prefetched. */
    public static final AttributeName WAITED_MILLIS = AttributeName.of("bounceguard.dnsbl.waitedMillis");

    private VerdictAttributes() {
    }

    public static void write(Mail mail, String client, Verdict verdict) {
        mail.setAttribute(new Attribute(SCORE, AttributeValue.of(verdict.score())));
        mail.setAttribute(new Attribute(LISTED, stringList(verdict.listings().stream()
            .flatMap(listing -> listing.returnCodes().stream().map(code -> listing.spec().zone() + "=" + code))
            .distinct()
            .collect(ImmutableList.toImmutableList()))));
        Map<String, AttributeValue<?>> reasons = new LinkedHashMap<>();
        Stream.concat(verdict.listings().stream(), verdict.safeListings().stream()).forEach(listing -> listing.reason()
            .ifPresent(reason -> reasons.putIfAbsent(listing.spec().zone(), AttributeValue.of(reason))));
        mail.setAttribute(new Attribute(REASONS, AttributeValue.of(reasons)));
        mail.setAttribute(new Attribute(ERRORS, stringList(verdict.errors().stream()
            .map(error -> error.zone() + ": " + error.kind() + (error.detail().isEmpty() ? "" : " " + error.detail()))
            .collect(ImmutableList.toImmutableList()))));
        mail.setAttribute(new Attribute(SAFE_LISTED, stringList(verdict.safeListings().stream()
            .map(listing -> listing.spec().zone())
            .distinct()
            .collect(ImmutableList.toImmutableList()))));
        mail.setAttribute(new Attribute(CLIENT, AttributeValue.of(client)));
        mail.setAttribute(new Attribute(SUMMARY, AttributeValue.of(summary(client, verdict))));
    }

    public static void writeWaited(Mail mail, long millis) {
        mail.setAttribute(new Attribute(WAITED_MILLIS, AttributeValue.of(millis)));
    }

    /** The one-line form used for the attribute, the optional header and logs. */
    public static String summary(String client, Verdict verdict) {
        return "client=" + client + "; " + verdict.summary();
    }

    public static Optional<Integer> score(Mail mail) {
        return mail.getAttribute(SCORE)
            .map(Attribute::getValue)
            .map(AttributeValue::value)
            .filter(Integer.class::isInstance)
            .map(Integer.class::cast);
    }

    /** Zones that list this mail's client or domains, lowercase. */
    public static List<String> listedZones(Mail mail) {
        return zones(mail, LISTED);
    }

    public static List<String> safeModeListedZones(Mail mail) {
        return zones(mail, SAFE_LISTED);
    }

    private static List<String> zones(Mail mail, AttributeName attribute) {
        return mail.getAttribute(attribute)
            .map(Attribute::getValue)
            .map(AttributeValue::value)
            .filter(Collection.class::isInstance)
            .map(values -> ((Collection<?>) values).stream()
                .map(value -> value instanceof AttributeValue<?> attributeValue ? attributeValue.value() : value)
                .map(String::valueOf)
                .map(entry -> entry.substring(0, entry.indexOf('=') < 0 ? entry.length() : entry.indexOf('=')))
                .map(zone -> zone.toLowerCase(Locale.ROOT))
                .distinct()
                .collect(ImmutableList.toImmutableList()))
            .orElse(ImmutableList.of());
    }

    private static AttributeValue<?> stringList(List<String> values) {
        return AttributeValue.of(values.stream()
            .map(value -> (AttributeValue<?>) AttributeValue.of(value))
            .collect(ImmutableList.toImmutableList()));
    }
}
