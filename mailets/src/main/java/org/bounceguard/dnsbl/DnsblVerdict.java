package org.bounceguard.dnsbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the lists say about one mail: the listings that matched, their total weight, the zones that failed.
 *
 * <p>A safe-mode listing ({@code :safe}, e.g. ips.backscatterer.org) is evidence about bounces for
 * backscatter detection, not a judgement of the source: it is kept apart in {@link #safeListings()}
 * and never adds to {@link #score()}, {@link #listings()} or {@link #isListed()}. Every matcher,
 * the NDR guard and the operator's look-ups read the score, so none of them counts a safe-mode
 * listing against a mail - big providers, which are all on the Backscatterer list, still get their
 * legitimate bounces through.
 */
public final class DnsblVerdict {
    private static final DnsblVerdict EMPTY = new DnsblVerdict(List.of(), List.of(), Optional.empty());

    private final List<Listing> listings;
    private final List<Listing> safeListings;
    private final List<ZoneError> errors;
    private final Optional<String> clientSkipReason;
    private final List<ZoneLookup> zoneLookups;
    private final int score;

    public DnsblVerdict(List<Listing> listings, List<ZoneError> errors, Optional<String> clientSkipReason) {
        this(listings, errors, clientSkipReason, List.of());
    }

    /** @param zoneLookups every zone's answer, for an operator's look-up ({@link DnsblRequest#operator()}) */
    public DnsblVerdict(List<Listing> listings, List<ZoneError> errors, Optional<String> clientSkipReason, List<ZoneLookup> zoneLookups) {
        this.zoneLookups = List.copyOf(zoneLookups);
        this.listings = withSafeMode(listings, false);
        this.safeListings = withSafeMode(listings, true);
        this.errors = List.copyOf(errors);
        this.clientSkipReason = clientSkipReason;
        int sum = 0;
        for (Listing listing : this.listings) {
            sum += listing.spec().weight();
        }
        this.score = sum;
    }

    /** A loop, not a stream: every check of every mail builds a verdict. */
    private static List<Listing> withSafeMode(List<Listing> listings, boolean safeMode) {
        if (listings.isEmpty()) {
            return List.of();
        }
        List<Listing> kept = new ArrayList<>(listings.size());
        for (Listing listing : listings) {
            if (listing.spec().safeMode() == safeMode) {
                kept.add(listing);
            }
        }
        return List.copyOf(kept);
    }

    public static DnsblVerdict empty() {
        return EMPTY;
    }

    /** The sum of the weights of the matching listings (allowlists count negative; safe-mode listings not at all). */
    public int score() {
        return score;
    }

    /** The listings that judge the source: every matching zone but the safe-mode ones. */
    public List<Listing> listings() {
        return listings;
    }

    /** The safe-mode zones that list this bounce's source: evidence for backscatter detection only. */
    public List<Listing> safeListings() {
        return safeListings;
    }

    public List<ZoneError> errors() {
        return errors;
    }

    /** For an operator's look-up, what each zone answered (listed or not, cached or not, or why not); else empty. */
    public List<ZoneLookup> zoneLookups() {
        return zoneLookups;
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

    /**
     * One line for headers and logs: {@code score=5; listed=zen.spamhaus.org:127.0.0.2; errors=none},
     * with {@code ; safe=ips.backscatterer.org:127.0.0.2} after {@code listed} when a safe-mode zone lists a bounce.
     */
    public String summary() {
        String listed = listings.isEmpty() ? "none" : joined(listings);
        String safe = safeListings.isEmpty() ? "" : "; safe=" + joined(safeListings);
        String failed = errors.isEmpty() ? "none" : errors.stream()
            .map(error -> error.zone() + ":" + error.kind())
            .collect(Collectors.joining(","));
        return "score=" + score + "; listed=" + listed + safe + "; errors=" + failed
            + clientSkipReason.map(reason -> "; client not checked: " + reason).orElse("");
    }

    private static String joined(List<Listing> listings) {
        return listings.stream()
            .map(listing -> listing.spec().zone() + ":" + String.join("/", listing.returnCodes()))
            .distinct()
            .collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DnsblVerdict verdict && verdict.listings.equals(listings) && verdict.safeListings.equals(safeListings)
            && verdict.errors.equals(errors) && verdict.clientSkipReason.equals(clientSkipReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listings, safeListings, errors, clientSkipReason);
    }

    @Override
    public String toString() {
        return summary();
    }
}
