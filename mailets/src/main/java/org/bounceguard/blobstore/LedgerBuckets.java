package org.bounceguard.blobstore;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

import org.apache.james.blob.api.BucketName;

/**
 * The names of the ledger's day buckets: {@code bounceguard-ledger-yyyymmdd} (UTC). Lower-case
 * letters, digits and hyphens, 27 characters: a valid S3 bucket name even behind James's optional
 * S3 bucket prefix (S3 allows 63), and any string is valid for Cassandra and memory.
 */
final class LedgerBuckets {
    static final String PREFIX = "bounceguard-ledger-";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private LedgerBuckets() {
    }

    static BucketName of(long epochDay) {
        return BucketName.of(PREFIX + LocalDate.ofEpochDay(epochDay).format(DAY));
    }

    /** The UTC day a ledger bucket holds, or empty for any other bucket in the store. */
    static OptionalLong dayOf(BucketName bucket) {
        String name = bucket.asString();
        if (!name.startsWith(PREFIX) || name.length() != PREFIX.length() + 8) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(LocalDate.parse(name.substring(PREFIX.length()), DAY).toEpochDay());
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
