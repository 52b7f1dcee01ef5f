package org.bounceguard.storm;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Storm counts and modes in this node's memory, on an injectable clock. Each recipient keeps at
 * most {@code threshold} bounce times (a sliding window); at most {@link #MAX_TRACKED} recipients
 * are counted at once - recipients whose bounces all left the window are forgotten first, and
 * beyond the bound a new recipient is not counted until room frees up (a storm in progress always
 * stays known).
 */
public final class MemoryStormStore implements StormStore {
    public static final int MAX_TRACKED = 100_000;

    private final StormPolicy policy;
    private final Clock clock;
    private final int maxTracked;
    private final Map<String, Deque<Instant>> counts = new HashMap<>();
    private final Map<String, Instant> storms = new HashMap<>();

    public MemoryStormStore(StormPolicy policy, Clock clock) {
        this(policy, clock, MAX_TRACKED);
    }

    MemoryStormStore(StormPolicy policy, Clock clock, int maxTracked) {
        this.policy = policy;
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    public StormPolicy policy() {
        return policy;
    }

    @Override
    public synchronized StormCount count(String recipient) {
        Instant now = clock.instant();
        Instant until = storms.get(recipient);
        if (until != null && now.isBefore(until)) {
            return StormCount.IN_STORM;
        }
        Deque<Instant> times = counts.get(recipient);
        if (times == null) {
            if (counts.size() >= maxTracked) {
                forgetQuietRecipients(now);
                if (counts.size() >= maxTracked) {
                    return StormCount.COUNTED;
                }
            }
            times = new ArrayDeque<>();
            counts.put(recipient, times);
        }
        dropOutsideWindow(times, now);
        times.addLast(now);
        if (times.size() < policy.threshold()) {
            return StormCount.COUNTED;
        }
        counts.remove(recipient);
        storms.put(recipient, now.plus(policy.duration()));
        return StormCount.ENTERED;
    }

    @Override
    public synchronized Optional<Instant> stormUntil(String recipient) {
        Instant until = storms.get(recipient);
        return until != null && clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    @Override
    public synchronized Map<String, Instant> recipientsInStorm() {
        Instant now = clock.instant();
        Map<String, Instant> inStorm = new TreeMap<>();
        storms.forEach((recipient, until) -> {
            if (now.isBefore(until)) {
                inStorm.put(recipient, until);
            }
        });
        return inStorm;
    }

    @Override
    public synchronized boolean end(String recipient) {
        Instant until = storms.remove(recipient);
        return until != null && clock.instant().isBefore(until);
    }

    @Override
    public synchronized List<String> sweepEnded() {
        Instant now = clock.instant();
        List<String> ended = new ArrayList<>();
        for (Iterator<Map.Entry<String, Instant>> it = storms.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> storm = it.next();
            if (!now.isBefore(storm.getValue())) {
                ended.add(storm.getKey());
                it.remove();
            }
        }
        forgetQuietRecipients(now);
        return ended;
    }

    /** Recipients counted now (tests, monitoring). */
    synchronized int tracked() {
        return counts.size();
    }

    private void forgetQuietRecipients(Instant now) {
        counts.values().removeIf(times -> {
            dropOutsideWindow(times, now);
            return times.isEmpty();
        });
    }

    private void dropOutsideWindow(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(policy.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
    }
}
