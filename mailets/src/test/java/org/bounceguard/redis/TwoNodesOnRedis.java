package org.bounceguard.redis;

import org.bounceguard.testsupport.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real redis-server for one test class and two "nodes" on it - two links, each a James node's -
 * emptied before each test. Register it as a static field with {@code @RegisterExtension}.
 */
final class TwoNodesOnRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private RedisServer server;
    private RedisLink nodeA;
    private RedisLink nodeB;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new RedisServer("").started();
        nodeA = RedisLinks.connected(server.url());
        nodeB = RedisLinks.connected(server.url());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        nodeA.close();
        nodeB.close();
        server.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        nodeA.call(commands -> commands.flushall());
    }

    RedisServer server() {
        return server;
    }

    RedisLink nodeA() {
        return nodeA;
    }

    RedisLink nodeB() {
        return nodeB;
    }
}
