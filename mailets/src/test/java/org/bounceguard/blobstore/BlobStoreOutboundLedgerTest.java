package org.bounceguard.blobstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.james.blob.api.BlobId;
import org.apache.james.blob.api.BlobStoreDAO;
import org.apache.james.blob.api.BucketName;
import org.apache.james.blob.api.HashBlobId;
import org.apache.james.blob.api.ObjectStoreIOException;
import org.apache.james.blob.memory.MemoryBlobStoreDAO;
import org.apache.james.server.blob.deduplication.GenerationAwareBlobId;
import org.bounceguard.testsupport.SettableClock;
import org.bounceguard.ledger.LedgerAnswer;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.OutboundLedger;
import org.bounceguard.ledger.OutboundLedgerContract;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class BlobStoreOutboundLedgerTest extends OutboundLedgerContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private MemoryBlobStoreDAO store;

    @Override
    protected OutboundLedger newLedger(LedgerKey key, LedgerPolicy policy, SettableClock clock) {
        store = new MemoryBlobStoreDAO();
        return onStore(store, key, new HashBlobId.Factory());
    }

    @Override
    protected int bucketsHeld() {
        return bucketNames().size();
    }

    private OutboundLedger onStore(BlobStoreDAO blobStore, LedgerKey key, BlobId.Factory ids) {
        // expiry runs on the calling thread, so that tests see its effect at once
        return new BlobStoreOutboundLedger(blobStore, ids, key, FOURTEEN_DAYS, clock, TIMEOUT, Runnable::run);
    }

    private List<String> bucketNames() {
        return Flux.from(store.listBuckets()).map(BucketName::asString).collectList().block();
    }

    @Test
    void anEntryIsAMarkerBlobNamedByTheKeyedHashInTheBucketOfItsDay() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        String expectedId = LedgerKey.hex(KEY.of("msg-1@relay.example", "alice@ours.example"));
        BucketName day0 = BucketName.of("bounceguard-ledger-20260302");
        assertThat(bucketNames()).containsExactly(day0.asString());
        assertThat(Flux.from(store.listBlobs(day0)).map(BlobId::asString).collectList().block()).containsExactly(expectedId);
        assertThat(Mono.from(store.readBytes(day0, new HashBlobId.Factory().from(expectedId))).block()).hasSize(1);
    }

    @Test
    void anotherNodeOnTheSameStoreAnswersForWhatThisOneRecorded() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        OutboundLedger otherNode = onStore(store, KEY, new HashBlobId.Factory());

        assertThat(otherNode.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
    }

    @Test
    void aLedgerWithAnotherSecretOnTheSameStoreFindsNothing() {
        ledger.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        OutboundLedger otherSecret = onStore(store, LedgerKey.fromSecret("another secret, just as long"), new HashBlobId.Factory());

        assertThat(otherSecret.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.MISS);
    }

    @Test
    void theDeduplicatingServersBlobIdsWorkToo() {
        GenerationAwareBlobId.Factory generationAware = new GenerationAwareBlobId.Factory(clock, new HashBlobId.Factory(),
            GenerationAwareBlobId.Configuration.DEFAULT);
        OutboundLedger distributed = onStore(store, KEY, generationAware);

        distributed.record("<msg-1@relay.example>", List.of("alice@ours.example"));

        assertThat(distributed.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.HIT);
        // Cassandra and S3 key blobs by asString(): the same string whichever factory the server binds
        String hex = LedgerKey.hex(KEY.of("msg-1@relay.example", "alice@ours.example"));
        assertThat(generationAware.from(hex).asString()).isEqualTo(hex);
    }

    @Test
    void theFirstRecordOfADayDeletesTheBucketsPastTheRetentionAndNothingElse() {
        Mono.from(store.save(BucketName.of("not-the-ledger"), new HashBlobId.Factory().from("x"), new byte[] {1})).block();
        ledger.record("<old@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(2));
        ledger.record("<newer@relay.example>", List.of("alice@ours.example"));
        clock.advance(Duration.ofDays(13));

        ledger.record("<newest@relay.example>", List.of("alice@ours.example"));

        assertThat(bucketNames()).containsExactlyInAnyOrder("not-the-ledger", "bounceguard-ledger-20260304", "bounceguard-ledger-20260317");
        assertThat(ledger.stats().expiredBuckets()).isEqualTo(1);
        assertThat(ledger.stats().buckets()).isEqualTo(2);
    }

    @Test
    void aFailingStoreIsUnavailableNotAMiss() {
        OutboundLedger failing = onStore(new MemoryBlobStoreDAO() {
            @Override
            public Mono<byte[]> readBytes(BucketName bucketName, BlobId blobId) {
                return Mono.error(new ObjectStoreIOException("S3 is down"));
            }
        }, KEY, new HashBlobId.Factory());

        assertThat(failing.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.UNAVAILABLE);
        assertThat(failing.stats().storeFailures()).isEqualTo(1);
    }

    @Test
    void aStoreThatDoesNotAnswerInTimeIsUnavailable() {
        OutboundLedger hanging = new BlobStoreOutboundLedger(new MemoryBlobStoreDAO() {
            @Override
            public Mono<byte[]> readBytes(BucketName bucketName, BlobId blobId) {
                return Mono.never();
            }
        }, new HashBlobId.Factory(), KEY, FOURTEEN_DAYS, clock, Duration.ofMillis(100), Runnable::run);

        assertThat(hanging.answers("msg-1@relay.example", "alice@ours.example")).isEqualTo(LedgerAnswer.UNAVAILABLE);
    }

    @Test
    void aFailedRecordIsCountedNotThrown() {
        OutboundLedger failing = onStore(new MemoryBlobStoreDAO() {
            @Override
            public Mono<Void> save(BucketName bucketName, BlobId blobId, byte[] data) {
                return Mono.error(new ObjectStoreIOException("S3 is down"));
            }
        }, KEY, new HashBlobId.Factory());

        assertThat(failing.record("<msg-1@relay.example>", List.of("alice@ours.example"))).isZero();
        assertThat(failing.stats().storeFailures()).isEqualTo(1);
    }

    @Test
    void ledgerBucketNamesRoundTripAndOtherBucketsAreNotOurs() {
        assertThat(LedgerBuckets.dayOf(LedgerBuckets.of(20_000))).hasValue(20_000);
        assertThat(LedgerBuckets.dayOf(BucketName.of("bounceguard-ledger-2026xx02"))).isEmpty();
        assertThat(LedgerBuckets.dayOf(BucketName.of("default"))).isEmpty();
        assertThat(LedgerBuckets.of(20_000).asString()).matches("[a-z0-9-]{3,63}");
    }
}
