package org.bounceguard.blobstore;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.blob.api.BucketName;
import org.apache.james.blob.api.ObjectNotFoundException;
import org.bounceguard.ledger.LedgerAnswer;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.LedgerStats;
import org.bounceguard.ledger.Normalised;
import org.bounceguard.ledger.OutboundLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The outbound ledger shared by every James node, kept in James's own blob storage (memory,
 * Cassandra or S3, whatever the server runs): a content-addressed set per UTC day. Each entry is an
 * empty-ish blob in bucket {@code bounceguard-ledger-yyyymmdd} whose id is the 16 hex digits of the
 * entry's {@link LedgerKey}; a look-up reads that id in each live bucket, "not found" meaning miss.
 * Expiry deletes whole buckets older than the retention, so nothing is ever scanned blob by blob.
 *
 * <p>Bounded by retention, not by {@link LedgerPolicy#maxEntries()} (storage, not heap). The
 * storage is never trusted to answer: an error or a timeout is {@link LedgerAnswer#UNAVAILABLE}
 * (no signal), and a failed record is logged and counted, never thrown into mail processing.
 *
 * <p>On Cassandra, James lists and deletes non-default buckets by scanning its bucket table; this
 * ledger does that once per day per node (on the first record of a new day), in the background.
 */
public final class BlobStoreOutboundLedger implements OutboundLedger {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOGGER = LoggerFactory.getLogger(BlobStoreOutboundLedger.class);
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final byte[] MARKER = {'1'};
    /** Deleting a bucket may scan a table (Cassandra): far longer than one read may take. */
    private static final Duration EXPIRY_TIMEOUT = Duration.ofMinutes(10);
    /** Live buckets read at once for a look-up: most hits are in the newest, misses need them all. */
    private static final int LOOKUP_CONCURRENCY = 4;

    private final BlobStoreDAO store;
    private final BlobId.Factory blobIds;
    private final LedgerKey key;
    private final LedgerPolicy policy;
    private final Clock clock;
    private final Duration timeout;
    private final Executor expiryExecutor;

    private final AtomicLong lastExpiryDay = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger bucketsSeen = new AtomicInteger();
    private final AtomicLong expiredBuckets = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();

    /**
     * @param store          James's {@code BlobStoreDAO} (bound in every James 3.8.1 Guice server)
     * @param blobIds        James's {@code BlobId.Factory}; ledger ids (16 hex digits, no '_') pass
     *                       through both {@code HashBlobId.Factory} and the deduplicating
     *                       {@code GenerationAwareBlobId.Factory} unchanged
     * @param timeout        the longest a record or a look-up waits for the store
     * @param expiryExecutor where the daily expiry runs, off the mail-processing thread
     */
    public BlobStoreOutboundLedger(BlobStoreDAO store, BlobId.Factory blobIds, LedgerKey key, LedgerPolicy policy,
                                   Clock clock, Duration timeout, Executor expiryExecutor) {
        this.store = store;
        this.blobIds = blobIds;
        this.key = key;
        this.policy = policy;
        this.clock = clock;
        this.timeout = timeout;
        this.expiryExecutor = expiryExecutor;
    }

    /** The production form: James's clock, {@link #DEFAULT_TIMEOUT}, expiry on Reactor's bounded elastic threads. */
    public static BlobStoreOutboundLedger create(BlobStoreDAO store, BlobId.Factory blobIds, LedgerKey key, LedgerPolicy policy, Clock clock) {
        return new BlobStoreOutboundLedger(store, blobIds, key, policy, clock, DEFAULT_TIMEOUT,
            task -> Schedulers.boundedElastic().schedule(task));
    }

    @Override
    public int record(String messageId, Collection<String> returnAddresses) {
        List<BlobId> entries = Normalised.entries(messageId, returnAddresses).stream().map(this::blobIdOf).toList();
        if (entries.isEmpty()) {
            return 0;
        }
        long today = today();
        BucketName bucket = LedgerBuckets.of(today);
        int stored = stored(Flux.fromIterable(entries)
            .flatMap(entry -> Mono.from(store.save(bucket, entry, MARKER)).thenReturn(1))
            .onErrorResume(e -> failed("recording in " + bucket.asString(), e).then(Mono.empty()))
            .reduce(0, Integer::sum));
        expireOncePerDay(today);
        return stored;
    }

    @Override
    public LedgerAnswer answers(String messageId, String bounceRecipient) {
        Optional<Normalised.Entry> wanted = Normalised.bounceEntry(messageId, bounceRecipient);
        if (wanted.isEmpty()) {
            return LedgerAnswer.MISS;
        }
        BlobId entry = blobIdOf(wanted.get());
        long today = today();
        List<BucketName> liveNewestFirst = LongStream.rangeClosed(0, policy.retentionDays())
            .mapToObj(age -> LedgerBuckets.of(today - age))
            .toList();
        try {
            return Flux.fromIterable(liveNewestFirst)
                .flatMap(bucket -> Mono.from(store.readBytes(bucket, entry))
                    .map(found -> LedgerAnswer.HIT)
                    .onErrorResume(ObjectNotFoundException.class, notFound -> Mono.empty()), LOOKUP_CONCURRENCY)
                .next()
                .defaultIfEmpty(LedgerAnswer.MISS)
                .block(timeout);
        } catch (RuntimeException e) {
            // block() rethrows store errors and throws IllegalStateException on timeout
            storeFailures.incrementAndGet();
            LOGGER.warn("Outbound ledger look-up failed or timed out after {}; answering UNAVAILABLE", timeout, e);
            return LedgerAnswer.UNAVAILABLE;
        }
    }

    @Override
    public void expire() {
        long oldestLiveDay = today() - policy.retentionDays();
        try {
            List<BucketName> ours = Flux.from(store.listBuckets())
                .filter(bucket -> LedgerBuckets.dayOf(bucket).isPresent())
                .collectList()
                .block(EXPIRY_TIMEOUT);
            List<BucketName> expired = ours.stream()
                .filter(bucket -> LedgerBuckets.dayOf(bucket).getAsLong() < oldestLiveDay)
                .toList();
            Flux.fromIterable(expired)
                .concatMap(bucket -> Mono.from(store.deleteBucket(bucket)))
                .then()
                .block(EXPIRY_TIMEOUT);
            expiredBuckets.addAndGet(expired.size());
            bucketsSeen.set(ours.size() - expired.size());
        } catch (RuntimeException e) {
            storeFailures.incrementAndGet();
            LOGGER.warn("Outbound ledger expiry failed; it is tried again on the next day or expire() call", e);
        }
    }

    /**
     * {@code entries} is unknown (the store is shared and not counted); {@code buckets} is the
     * number of ledger buckets the last expiry found alive.
     */
    @Override
    public LedgerStats stats() {
        return new LedgerStats(OptionalLong.empty(), bucketsSeen.get(), 0, 0, expiredBuckets.get(), storeFailures.get());
    }

    private BlobId blobIdOf(Normalised.Entry entry) {
        return blobIds.from(LedgerKey.hex(key.of(entry)));
    }

    private int stored(Mono<Integer> saves) {
        try {
            Integer count = saves.block(timeout);
            return count == null ? 0 : count;
        } catch (RuntimeException e) {
            storeFailures.incrementAndGet();
            LOGGER.warn("Outbound ledger record did not finish within {}", timeout, e);
            return 0;
        }
    }

    private Mono<Void> failed(String what, Throwable e) {
        return Mono.fromRunnable(() -> {
            storeFailures.incrementAndGet();
            LOGGER.warn("Outbound ledger: {} failed", what, e);
        });
    }

    private void expireOncePerDay(long today) {
        if (lastExpiryDay.getAndSet(today) != today) {
            expiryExecutor.execute(this::expire);
        }
    }

    private long today() {
        return Math.floorDiv(clock.millis(), MILLIS_PER_DAY);
    }

    @Override
    public String toString() {
        return "BlobStoreOutboundLedger[" + policy + ", timeout=" + timeout + "]";
    }
}
