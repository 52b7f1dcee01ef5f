package org.bounceguard.findings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.Listing;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.net.DomainNames;
import org.bounceguard.net.IpLiterals;

import com.google.common.collect.ImmutableList;

/**
 * The DNSBL verdict on a mail, as {@code DnsblCheck} (or a guarded bounce's own look-up) stores it
 * and the matchers, the NDR guard and backscatter detection read it, in this or any later processor.
 * Safe-mode listings are kept apart from the score (see {@link DnsblVerdict}).
 *
 * <p>The client attribute reads {@value #CLIENT_NO_USABLE_ADDRESS} or {@value #CLIENT_AUTHENTICATED}
 * when no client was checked ({@link ClientCheck.NotChecked}), else the checked address.
 *
 * @param client the address checked, or why none was
 */
public record DnsblFinding(ClientCheck client, DnsblVerdict verdict) {
    /** Integer: the sum of the weights of the zones that list the client / domains; safe-mode zones never count. */
    public static final AttributeName SCORE = AttributeName.of("bounceguard.dnsbl.score");
    /** Map zone → list of the return codes it answered, for every matching listing but the safe-mode ones. */
    public static final AttributeName LISTED = AttributeName.of("bounceguard.dnsbl.listed");
    /** Map zone → TXT reason published by the list, where there is one. */
    public static final AttributeName REASONS = AttributeName.of("bounceguard.dnsbl.reasons");
    /** List of "zone: ERROR_KIND detail" for zones that could not give an answer (counted as not listed). */
    public static final AttributeName ERRORS = AttributeName.of("bounceguard.dnsbl.errors");
    /** List of safe-mode zones (e.g. ips.backscatterer.org) that list this bounce's sender. */
    public static final AttributeName SAFE_LISTED = AttributeName.of("bounceguard.dnsbl.safeListed");
    /** The client address that was checked, or why none was ({@value #CLIENT_NO_USABLE_ADDRESS}, {@value #CLIENT_AUTHENTICATED}). */
    public static final AttributeName CLIENT = AttributeName.of("bounceguard.dnsbl.client");
    /** The {@link #CLIENT} text of a mail whose client had no usable address. */
    static final String CLIENT_NO_USABLE_ADDRESS = "none";
    /** The {@link #CLIENT} text of a mail whose client authenticated over SMTP. */
    static final String CLIENT_AUTHENTICATED = "authenticated";
    /** One line, as in the optional header and the log. */
    public static final AttributeName SUMMARY = AttributeName.of("bounceguard.dnsbl.summary");
    /** Long: milliseconds the mail waited in DnsblCheck for its verdict; near 0 when prefetched. */
    public static final AttributeName WAITED_MILLIS = AttributeName.of("bounceguard.dnsbl.waitedMillis");

    public DnsblFinding {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** The client was not checked because it authenticated over SMTP. */
    public static DnsblFinding authenticated() {
        return new DnsblFinding(ClientCheck.authenticated(), DnsblVerdict.empty());
    }

    /** The one-line form used for the attribute, the optional header, JMX look-ups and logs. */
    public String summary() {
        return "client=" + clientText(client) + "; " + verdict.summary();
    }

    /** The header line: the summary and how long the mail waited for it (what an operator checks when mail is slow). */
    public String headerLine(long waitedMillis) {
        return headerLine(summary(), waitedMillis);
    }

    private static String headerLine(String summary, long waitedMillis) {
        return summary + "; waited=" + waitedMillis + "ms";
    }

    /** Writes the finding's attributes on the mail. */
    public void writeTo(Mail mail) {
        stored().writeTo(mail);
    }

    /** The finding as the attributes it is written as. */
    public Stored stored() {
        Map<String, AttributeValue<?>> attributes = new LinkedHashMap<>();
        attributes.put(SCORE.asString(), AttributeValue.of(verdict.score()));
        attributes.put(LISTED.asString(), MailAttributes.stringListMap(codesByZone(verdict.listings())));
        Map<String, String> reasons = new LinkedHashMap<>();
        Stream.concat(verdict.listings().stream(), verdict.safeListings().stream())
            .forEach(listing -> listing.reason().ifPresent(reason -> reasons.putIfAbsent(listing.spec().zone(), reason)));
        attributes.put(REASONS.asString(), MailAttributes.stringMap(reasons));
        attributes.put(ERRORS.asString(), MailAttributes.strings(verdict.errors().stream()
            .map(error -> error.zone() + ": " + error.kind() + (error.detail().isEmpty() ? "" : " " + error.detail()))
            .toList()));
        attributes.put(SAFE_LISTED.asString(), MailAttributes.strings(codesByZone(verdict.safeListings()).keySet()));
        attributes.put(CLIENT.asString(), AttributeValue.of(clientText(client)));
        attributes.put(SUMMARY.asString(), AttributeValue.of(summary()));
        return new Stored(attributes);
    }

    /**
     * A finding in its stored form: its attributes by name, as a mail carries it from its SMTP
     * session to {@code DnsblCheck} ({@link AttachedVerdict}). Only the names of {@link DnsblFinding}
     * are kept, so a stored form read back from a mail writes nothing else.
     */
    public static final class Stored {
        private static final Set<String> NAMES = Set.of(SCORE.asString(), LISTED.asString(), REASONS.asString(),
            ERRORS.asString(), SAFE_LISTED.asString(), CLIENT.asString(), SUMMARY.asString());

        private final Map<String, AttributeValue<?>> attributes;

        private Stored(Map<String, AttributeValue<?>> attributes) {
            this.attributes = Collections.unmodifiableMap(attributes);
        }

        /** The stored form a mail attribute's value holds; empty when it is not a map holding a summary and a score. */
        static Optional<Stored> fromAttributeValue(Object value) {
            if (!(value instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            Map<String, AttributeValue<?>> attributes = new LinkedHashMap<>();
            map.forEach((name, attribute) -> {
                if (NAMES.contains(String.valueOf(name)) && attribute instanceof AttributeValue<?> attributeValue) {
                    attributes.put(String.valueOf(name), attributeValue);
                }
            });
            Stored stored = new Stored(attributes);
            return stored.score().isPresent() && attributes.containsKey(SUMMARY.asString()) ? Optional.of(stored) : Optional.empty();
        }

        /** The value of one map attribute holding this stored form. */
        AttributeValue<?> asAttributeValue() {
            return AttributeValue.of(attributes);
        }

        public void writeTo(Mail mail) {
            attributes.forEach((name, value) -> MailAttributes.set(mail, AttributeName.of(name), value));
        }

        public Optional<Integer> score() {
            return Optional.ofNullable(attributes.get(SCORE.asString())).map(AttributeValue::value)
                .filter(Integer.class::isInstance).map(Integer.class::cast);
        }

        /** As {@link DnsblFinding#safeListedZones(Mail)}. */
        public List<String> safeListedZones() {
            AttributeValue<?> attribute = attributes.get(SAFE_LISTED.asString());
            Object value = attribute == null ? null : attribute.value();
            if (!(value instanceof Collection<?> zones)) {
                return List.of();
            }
            return folded(zones.stream()
                .map(zone -> zone instanceof AttributeValue<?> attributeValue ? attributeValue.value() : zone)
                .map(String::valueOf).toList());
        }

        public String summary() {
            return Optional.ofNullable(attributes.get(SUMMARY.asString())).map(AttributeValue::value).map(String::valueOf).orElse("");
        }

        /** As {@link DnsblFinding#headerLine(long)}. */
        public String headerLine(long waitedMillis) {
            return DnsblFinding.headerLine(summary(), waitedMillis);
        }
    }

    public static void writeWaited(Mail mail, long millis) {
        MailAttributes.set(mail, WAITED_MILLIS, AttributeValue.of(millis));
    }

    /** Whether a verdict is stored on the mail. */
    public static boolean isPresent(Mail mail) {
        return mail.getAttribute(SCORE).isPresent();
    }

    public static Optional<Integer> score(Mail mail) {
        return MailAttributes.integer(mail, SCORE);
    }

    /** Zones that list this mail's client or domains (safe-mode zones aside), folded. */
    public static List<String> listedZones(Mail mail) {
        return folded(MailAttributes.keys(mail, LISTED));
    }

    /** Safe-mode zones that list this bounce's sending host, folded. */
    public static List<String> safeListedZones(Mail mail) {
        return folded(MailAttributes.strings(mail, SAFE_LISTED));
    }

    /**
     * As {@link #safeListedZones(Mail)}, also in the SMTP session before {@code DnsblCheck} has
     * written the finding: then from the verdict {@code DnsblVerdictHook} attached, if any.
     */
    public static List<String> safeListedZonesInSession(Mail mail) {
        if (isPresent(mail)) {
            return safeListedZones(mail);
        }
        return AttachedVerdict.peek(mail).map(Stored::safeListedZones).orElse(List.of());
    }

    /** {@code zone=return code} per listing, the form operators read in WebAdmin's quarantine view. */
    public static List<String> listingsAsText(Mail mail) {
        return MailAttributes.stringListMap(mail, LISTED).entrySet().stream()
            .flatMap(entry -> entry.getValue().stream().map(code -> entry.getKey() + "=" + code))
            .collect(ImmutableList.toImmutableList());
    }

    /** The stored client check; empty when there is none or its text is neither an address nor a known reason. */
    public static Optional<ClientCheck> client(Mail mail) {
        return MailAttributes.string(mail, CLIENT).flatMap(DnsblFinding::parseClient);
    }

    private static String clientText(ClientCheck client) {
        if (client instanceof ClientCheck.NotChecked notChecked) {
            return switch (notChecked.reason()) {
                case NO_USABLE_ADDRESS -> CLIENT_NO_USABLE_ADDRESS;
                case AUTHENTICATED -> CLIENT_AUTHENTICATED;
            };
        }
        return ((ClientCheck.Checked) client).address().getHostAddress();
    }

    static Optional<ClientCheck> parseClient(String text) {
        String trimmed = text.trim();
        if (trimmed.equals(CLIENT_NO_USABLE_ADDRESS)) {
            return Optional.of(new ClientCheck.NotChecked(ClientCheck.Reason.NO_USABLE_ADDRESS));
        }
        if (trimmed.equals(CLIENT_AUTHENTICATED)) {
            return Optional.of(ClientCheck.authenticated());
        }
        return IpLiterals.parse(trimmed).map(ClientCheck::checked);
    }

    /** The stored one-line summary. */
    public static Optional<String> summary(Mail mail) {
        return MailAttributes.string(mail, SUMMARY);
    }

    private static Map<String, List<String>> codesByZone(List<Listing> listings) {
        Map<String, List<String>> codes = new LinkedHashMap<>();
        for (Listing listing : listings) {
            List<String> known = codes.getOrDefault(listing.spec().zone(), List.of());
            codes.put(listing.spec().zone(), Stream.concat(known.stream(), listing.returnCodes().stream()).distinct().toList());
        }
        return codes;
    }

    private static List<String> folded(List<String> zones) {
        return zones.stream().map(DomainNames::fold).distinct().collect(ImmutableList.toImmutableList());
    }
}
