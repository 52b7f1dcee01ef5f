package org.bounceguard.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.base.Ticker;

/** Time that moves only when a test says so (Guava's Ticker, as the cores take it). */
public final class FakeTicker extends Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    public FakeTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
