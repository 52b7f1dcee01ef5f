package org.bounceguard.dnsbl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the lists say about one mail: the listings that matched, their total weight, the zones that failed. */
public final class Verdict {
    private static final Verdict EMPTY = new Verdict(List.of(), List.of(), Optional.empty());

    private final List<Listing> listings;
    private final List<ZoneError> errors;
    private final Optional<String> clientSkipReason;
    private final int score;

    public Verdict(List<Listing> listings, List<ZoneError> errors, Optional<String> clientSkipReason) {
        this.listings = List.copyOf(listings);
        this.errors = List.copyOf(errors);
        this.clientSkipReason = clientSkipReason;
        this.score = this.listings.stream().mapToInt(listing -> listing.spec().weight()).sum();
    }

    public static Verdict empty() {
        return EMPTY;
    }

    /** The sum of the weights of the matching listings (allowlists count negative). */
    public int score() {
        return score;
    }

    public List<Listing> listings() {
        return listings;
    }

    public List<ZoneError> errors() {
        return errors;
    }

    /** Why IP zones were not asked ({@code loopback}, {@code private}, {@code trusted}), if they were not. */
    public Optional<String> clientSkipReason() {
        return clientSkipReason;
    }

    public boolean isListedIn(String zone) {
        return listings.stream().anyMatch(listing -> listing.spec().zone().equalsIgnoreCase(zone));
    }

    /** Whether a list (not an allowlist) lists this mail. */
    public boolean isListed() {
        return listings.stream().anyMatch(listing -> listing.spec().weight() > 0);
    }

    /** One line for headers and logs: {@code score=5; listed=zen.spamhaus.org:127.0.0.2; errors=none}. */
    public String summary() {
        String listed = listings.isEmpty() ? "none" : listings.stream()
            .map(listing -> listing.spec().zone() + ":" + String.join("/", listing.returnCodes()))
            .distinct()
            .collect(Collectors.joining(","));
        String failed = errors.isEmpty() ? "none" : errors.stream()
            .map(error -> error.zone() + ":" + error.kind())
            .collect(Collectors.joining(","));
        return "score=" + score + "; listed=" + listed + "; errors=" + failed
            + clientSkipReason.map(reason -> "; client not checked: " + reason).orElse("");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Verdict verdict && verdict.listings.equals(listings) && verdict.errors.equals(errors)
            && verdict.clientSkipReason.equals(clientSkipReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listings, errors, clientSkipReason);
    }

    @Override
    public String toString() {
        return summary();
    }
}
