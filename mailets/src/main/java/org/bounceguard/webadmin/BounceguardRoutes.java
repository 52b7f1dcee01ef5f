package org.bounceguard.webadmin;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import spark.Service;

/**
 * Bounceguard's WebAdmin routes, behind WebAdmin's own authentication: DNSBL verdicts and zones,
 * every counter, the quarantine, bounce storms, remembered recipient verifications. One line in {@code webadmin.properties} loads them all:
 * {@code extensions.routes=org.bounceguard.webadmin.BounceguardRoutes}.
 */
public class BounceguardRoutes implements Routes {
    public static final String BASE_PATH = "/bounceguard";

    private final DnsblRoutes dnsbl;
    private final StatsRoutes stats;
    private final QuarantineRoutes quarantine;
    private final StormRoutes storms;
    private final VerificationRoutes verification;

    @Inject
    public BounceguardRoutes(DnsblRoutes dnsbl, StatsRoutes stats, QuarantineRoutes quarantine, StormRoutes storms,
                             VerificationRoutes verification) {
        this.dnsbl = dnsbl;
        this.stats = stats;
        this.quarantine = quarantine;
        this.storms = storms;
        this.verification = verification;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        dnsbl.define(service);
        stats.define(service);
        quarantine.define(service);
        storms.define(service);
        verification.define(service);
    }
}
