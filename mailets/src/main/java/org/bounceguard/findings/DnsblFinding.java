package org.bounceguard.findings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.bounceguard.dnsbl.Listing;
import org.bounceguard.dnsbl.Verdict;
import org.bounceguard.net.DomainNames;
import org.bounceguard.net.IpLiterals;

import com.google.common.collect.ImmutableList;

/**
 * The DNSBL verdict on a mail, as {@code DnsblCheck} (or a guarded bounce's own look-up) stores it
 * and the matchers, the NDR guard and backscatter detection read it, in this or any later processor.
 * Safe-mode listings are kept apart from the score (see {@link Verdict}).
 *
 * <p>The client attribute reads {@value #CLIENT_NO_USABLE_ADDRESS} or {@value #CLIENT_AUTHENTICATED}
 * when no client was checked ({@link ClientCheck.NotChecked}), else the checked address.
 *
 * @param client the address checked, or why none was
 */
public record DnsblFinding(ClientCheck client, Verdict verdict) {
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
    /** The client address that was checked, or why none was (loopback, private, trusted, authenticated). */
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
        return new DnsblFinding(ClientCheck.authenticated(), Verdict.empty());
    }

    /** The one-line form used for the attribute, the optional header, JMX look-ups and logs. */
    public String summary() {
        return "client=" + clientText(client) + "; " + verdict.summary();
    }

    /** The header line: the summary and how long the mail waited for it (what an operator checks when mail is slow). */
    public String headerLine(long waitedMillis) {
        return summary() + "; waited=" + waitedMillis + "ms";
    }

    public void writeTo(Mail mail) {
        MailAttributes.set(mail, SCORE, AttributeValue.of(verdict.score()));
        MailAttributes.set(mail, LISTED, MailAttributes.stringListMap(codesByZone(verdict.listings())));
        Map<String, String> reasons = new LinkedHashMap<>();
        Stream.concat(verdict.listings().stream(), verdict.safeListings().stream())
            .forEach(listing -> listing.reason().ifPresent(reason -> reasons.putIfAbsent(listing.spec().zone(), reason)));
        MailAttributes.set(mail, REASONS, MailAttributes.stringMap(reasons));
        MailAttributes.set(mail, ERRORS, MailAttributes.strings(verdict.errors().stream()
            .map(error -> error.zone() + ": " + error.kind() + (error.detail().isEmpty() ? "" : " " + error.detail()))
            .toList()));
        MailAttributes.set(mail, SAFE_LISTED, MailAttributes.strings(codesByZone(verdict.safeListings()).keySet()));
        MailAttributes.set(mail, CLIENT, AttributeValue.of(clientText(client)));
        MailAttributes.set(mail, SUMMARY, AttributeValue.of(summary()));
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
