package org.bounceguard.dnsbl;

/**
 * An operator's decision about a zone (JMX, WebAdmin), applied wherever it must apply: on this node
 * only, or on every node sharing the Redis. Health-check decisions do not go through here: each
 * node probes the zones itself.
 */
public interface ZoneStateChanges {

    void disable(String zone, String reason);

    void enable(String zone);

    /** This node only: what a single server, or a cluster without Redis, does. */
    static ZoneStateChanges local(DnsblEngine engine) {
        return new ZoneStateChanges() {
            @Override
            public void disable(String zone, String reason) {
                engine.disable(zone, reason);
            }

            @Override
            public void enable(String zone) {
                engine.enable(zone);
            }
        };
    }
}
