package org.bounceguard.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server a test class runs for all its tests: registered as a JUnit extension (or handed
 * to the integration tests' standard set-up) it starts before the first test and stops after the
 * last; the benchmarks call {@link #start()} and {@link #stop()} themselves.
 */
public interface TestServer extends BeforeAllCallback, AfterAllCallback {
    void start() throws Exception;

    void stop() throws Exception;

    @Override
    default void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    default void afterAll(ExtensionContext context) throws Exception {
        stop();
    }
}
