package org.bounceguard.redis;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.bounceguard.dnsbl.ZoneStateChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Splitter;

/**
 * Zone decisions for every node sharing one Redis: applied here at once, then published on a
 * pub/sub channel that every node (this one included, harmlessly) applies on receipt. While Redis is
 * unreachable a decision still applies on this node, and the failed publication is logged.
 */
public final class RedisZoneStateChanges implements ZoneStateChanges {
    private static final Logger LOGGER = LoggerFactory.getLogger(RedisZoneStateChanges.class);
    private static final char SEPARATOR = '\t';

    private final RedisLink link;
    private final ZoneStateChanges local;
    private final String channel;
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();

    public RedisZoneStateChanges(RedisLink link, ZoneStateChanges local, String keyPrefix) {
        this.link = link;
        this.local = local;
        this.channel = keyPrefix + "dnsbl:zone-state";
        link.subscribe(channel, this::apply);
    }

    @Override
    public void disable(String zone, String reason) {
        local.disable(zone, reason);
        publish("disable" + SEPARATOR + zone + SEPARATOR + reason.replace(SEPARATOR, ' '));
    }

    @Override
    public void enable(String zone) {
        local.enable(zone);
        publish("enable" + SEPARATOR + zone);
    }

    private void publish(String message) {
        if (link.publish(channel, message)) {
            published.increment();
        } else {
            LOGGER.warn("Zone change '{}' applies on this node only: Redis did not take it", message.replace(SEPARATOR, ' '));
        }
    }

    void apply(String message) {
        List<String> parts = Splitter.on(SEPARATOR).limit(3).splitToList(message);
        received.increment();
        if (parts.size() == 3 && parts.get(0).equals("disable")) {
            local.disable(parts.get(1), parts.get(2));
        } else if (parts.size() == 2 && parts.get(0).equals("enable")) {
            local.enable(parts.get(1));
        } else {
            LOGGER.warn("Ignoring a malformed zone change from Redis channel {}", channel);
        }
    }

    public long published() {
        return published.sum();
    }

    public long received() {
        return received.sum();
    }
}
