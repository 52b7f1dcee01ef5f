package org.bounceguard.dnsbl;

import java.util.List;
import java.util.Optional;

/**
 * A zone that lists the client or a domain, as matched by one spec.
 *
 * @param returnCodes the A answers that matched the spec's filter
 * @param reason the zone's TXT record, when fetched and present
 */
public record Listing(ZoneSpec spec, String queryName, List<String> returnCodes, Optional<String> reason) {
    public Listing {
        returnCodes = List.copyOf(returnCodes);
    }
}
