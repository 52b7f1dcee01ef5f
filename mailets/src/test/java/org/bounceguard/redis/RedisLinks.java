package org.bounceguard.redis;

import java.time.Duration;
import java.time.Instant;

/** Links for tests: one that is connected before the test uses it, one to a server that is not there. */
final class RedisLinks {
    private RedisLinks() {
    }

    static RedisLink connected(String url) throws InterruptedException {
        RedisLink link = unconnected(url);
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (!link.call(commands -> commands.ping()).isPresent()) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("no connection to " + url);
            }
            Thread.sleep(20);
        }
        return link;
    }

    static RedisLink unconnected(String url) {
        return new RedisLink(new RedisSettings(RedisSettings.parseUrl(url), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(200)));
    }
}
