package org.bounceguard.redis;

import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

/**
 * One node's connection to the shared Redis, and its health. Every call either answers within the
 * command timeout or fails at once: while the server is unreachable, commands are refused instead
 * of queued, so callers fall back without waiting. A server that is connected but hung (it takes
 * commands and never answers) costs one command timeout, after which a {@link CallBreaker} refuses
 * every call for {@code backOff} before one is tried again. A lost connection is re-established by
 * itself (every {@code reconnectInterval}), also when Redis was down or hung when James started;
 * opening a connection, its handshake included, waits at most {@code connectTimeout}.
 *
 * <p>An outage is logged once at WARN when the first call fails and once at INFO when a call
 * succeeds again; every failed call is counted. The password is never logged.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RedisLink.class);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService connector;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final LongAdder failures = new LongAdder();
    private final LongAdder outages = new LongAdder();
    private final CallBreaker breaker;
    private final AtomicBoolean probeScheduled = new AtomicBoolean();
    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean closed;

    private record Subscription(String channel, Consumer<String> listener) {
    }

    public RedisLink(RedisSettings settings) {
        this(settings, System::nanoTime);
    }

    RedisLink(RedisSettings settings, LongSupplier nanoTicker) {
        this.settings = settings;
        this.breaker = new CallBreaker(settings.backOff(), nanoTicker);
        this.resources = ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(Delay.constant(settings.reconnectInterval()))
            .build();
        // the URI's timeout bounds connect() and its handshake; Lettuce's default is 60 s
        this.client = RedisClient.create(resources, RedisURI.builder(settings.uri()).withTimeout(settings.connectTimeout()).build());
        client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
            .build());
        client.setDefaultTimeout(settings.commandTimeout());
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bounceguard-redis-connector");
            thread.setDaemon(true);
            return thread;
        });
        // the first attempt on the caller's thread (bounded by the connect timeout), so that a
        // Redis that is up serves the first mail; later attempts in the background
        connectIfNeeded();
    }

    /**
     * Runs one command on the shared connection. Empty when Redis is not connected, refused the
     * command, or did not answer within the command timeout: the caller decides what that means.
     */
    public <T> Optional<T> call(Function<RedisCommands<String, String>, T> command) {
        if (!breaker.allows()) {
            return Optional.empty();
        }
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            return failed(null, false);
        }
        try {
            T result = command.apply(current.sync());
            breaker.succeeded();
            succeeded();
            return Optional.ofNullable(result);
        } catch (RedisCommandTimeoutException e) {
            return failed(e, true);
        } catch (RuntimeException e) {
            return failed(e, false);
        }
    }

    private <T> Optional<T> failed(RuntimeException e, boolean timedOut) {
        if (timedOut) {
            breaker.timedOut();
        } else {
            breaker.failedFast();
        }
        failed(e);
        if (breaker.isOpen()) {
            scheduleProbe();
        }
        return Optional.empty();
    }

    /** Publishes a message to every node listening on {@code channel}; false when Redis did not take it. */
    public boolean publish(String channel, String message) {
        return call(commands -> commands.publish(channel, message)).isPresent();
    }

    /** Delivers every message on {@code channel} to {@code listener}, from now on and after every reconnection. */
    public void subscribe(String channel, Consumer<String> listener) {
        subscriptions.add(new Subscription(channel, listener));
        StatefulRedisPubSubConnection<String, String> current = pubSub;
        if (current != null) {
            current.async().subscribe(channel);
        }
    }

    /** Whether this node holds an open connection to Redis now. */
    public boolean connected() {
        StatefulRedisConnection<String, String> current = connection;
        return current != null && current.isOpen();
    }

    public long failures() {
        return failures.sum();
    }

    public long outages() {
        return outages.sum();
    }

    /** Calls refused without asking Redis because a call timed out less than {@code backOff} ago. */
    public long refusedWhileBackingOff() {
        return breaker.refused();
    }

    /** Times a timed-out call started a back-off window. */
    public long backOffs() {
        return breaker.openings();
    }

    /** Whether calls are being refused now, after a timeout. */
    public boolean backingOff() {
        return breaker.isOpen();
    }

    public RedisSettings settings() {
        return settings;
    }

    private void connectIfNeeded() {
        if (closed) {
            return;
        }
        try {
            if (connection == null) {
                StatefulRedisConnection<String, String> opened = client.connect();
                opened.setTimeout(settings.commandTimeout());
                connection = opened;
                LOGGER.info("Bounceguard connected to Redis at {}", settings.describe());
                healthy.set(true);
            }
            if (pubSub == null) {
                StatefulRedisPubSubConnection<String, String> opened = client.connectPubSub();
                opened.setTimeout(settings.commandTimeout());
                opened.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        deliver(channel, message);
                    }
                });
                String[] channels = subscriptions.stream().map(Subscription::channel).distinct().toArray(String[]::new);
                if (channels.length > 0) {
                    opened.sync().subscribe(channels);
                }
                pubSub = opened;
            }
        } catch (RuntimeException e) {
            failed(e);
            // Lettuce reconnects an established connection by itself; the first one is ours to retry
            connector.schedule(this::connectIfNeeded, settings.reconnectInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Once the back-off has passed, a PING of its own is the trial call, so that the link recovers
     * when Redis does, not when the next mail happens to ask.
     */
    private void scheduleProbe() {
        if (closed || !probeScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            connector.schedule(() -> {
                probeScheduled.set(false);
                if (breaker.isOpen()) {
                    call(commands -> commands.ping());
                }
                // refused (a later timeout moved the window, or a mail's call is the trial): try again
                if (breaker.isOpen()) {
                    scheduleProbe();
                }
            }, settings.backOff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            probeScheduled.set(false);
        }
    }

    private void deliver(String channel, String message) {
        for (Subscription subscription : subscriptions) {
            if (subscription.channel().equals(channel)) {
                try {
                    subscription.listener().accept(message);
                } catch (RuntimeException e) {
                    LOGGER.warn("Bounceguard could not apply a message from Redis channel {}", channel, e);
                }
            }
        }
    }

    private void succeeded() {
        if (healthy.compareAndSet(false, true)) {
            LOGGER.info("Bounceguard reaches Redis at {} again: shared NDR quotas, ledger and zone states are back", settings.describe());
        }
    }

    private void failed(RuntimeException e) {
        failures.increment();
        if (healthy.compareAndSet(true, false)) {
            outages.increment();
            LOGGER.warn("Bounceguard cannot reach Redis at {} ({}): NDR quotas fall back to this node's, the ledger answers"
                + " Unavailable, zone changes stay on this node until it is back", settings.describe(),
                e == null ? "not connected" : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        try {
            if (pubSub != null) {
                pubSub.close();
            }
            if (connection != null) {
                connection.close();
            }
            client.shutdown();
        } finally {
            resources.shutdown();
        }
    }
}
