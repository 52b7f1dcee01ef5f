package org.bounceguard.redis;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.bounceguard.ledger.LedgerAnswer;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.LedgerStats;
import org.bounceguard.ledger.Normalised;
import org.bounceguard.ledger.OutboundLedger;


/**
 * The outbound ledger on the shared Redis: what one node relayed, every node recognises. Entries
 * are the same keyed hashes as in memory (16 hex digits, nothing readable without the secret), in
 * one Redis set per UTC day ({@code <prefix>ledger:yyyymmdd}) that expires by itself when the day
 * leaves the retention. A record and a look-up are one round trip each (a look-up asks every live
 * day in one Lua script).
 *
 * <p>When Redis does not answer within the command timeout, a look-up is {@link LedgerAnswer#UNAVAILABLE}
 * (no evidence either way) and a record is lost for this message only; both are counted in
 * {@link LedgerStats#storeFailures()}. {@link LedgerPolicy#maxEntries()} does not apply: Redis's
 * own memory policy bounds the store.
 */
public final class RedisOutboundLedger implements OutboundLedger {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final long SECONDS_PER_DAY = 86_400;
    /** KEYS: today's set. ARGV: seconds it has left to live, then the entries. */
    static final RedisScript RECORD = new RedisScript("""
        local added = redis.call('SADD', KEYS[1], unpack(ARGV, 2))
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        return added
        """);
    /** KEYS: the live days' sets. ARGV: the entry. */
    static final RedisScript ANSWERS = new RedisScript("""
        for i = 1, #KEYS do
          if redis.call('SISMEMBER', KEYS[i], ARGV[1]) == 1 then return 1 end
        end
        return 0
        """);

    private final RedisLink link;
    private final LedgerKey key;
    private final LedgerPolicy policy;
    private final Clock clock;
    private final String prefix;
    private final LongAdder failures = new LongAdder();
    private final AtomicInteger liveDays = new AtomicInteger();

    public RedisOutboundLedger(RedisLink link, LedgerKey key, LedgerPolicy policy, Clock clock, String keyPrefix) {
        this.link = link;
        this.key = key;
        this.policy = policy;
        this.clock = clock;
        this.prefix = keyPrefix + "ledger:";
    }

    @Override
    public int record(String messageId, Collection<String> returnAddresses) {
        String id = Normalised.messageId(messageId);
        if (id.isEmpty() || returnAddresses == null) {
            return 0;
        }
        String[] entries = returnAddresses.stream()
            .map(Normalised::address)
            .filter(address -> !address.isEmpty())
            .distinct()
            .map(address -> LedgerKey.hex(key.of(id, address)))
            .toArray(String[]::new);
        if (entries.length == 0) {
            return 0;
        }
        LocalDate today = today();
        String[] arguments = new String[entries.length + 1];
        // the day stays until the end of its last day in the retention (relative: Redis's clock may differ)
        long endOfRetention = (today.toEpochDay() + policy.retentionDays() + 1) * SECONDS_PER_DAY;
        arguments[0] = Long.toString(Math.max(1, endOfRetention - clock.instant().getEpochSecond()));
        System.arraycopy(entries, 0, arguments, 1, entries.length);
        String[] keys = {prefix + DAY.format(today)};
        if (link.call(commands -> RECORD.run(commands, keys, arguments)).isEmpty()) {
            failures.increment();
            return 0;
        }
        return entries.length;
    }

    @Override
    public LedgerAnswer answers(String messageId, String bounceRecipient) {
        String id = Normalised.messageId(messageId);
        String address = Normalised.address(bounceRecipient);
        if (id.isEmpty() || address.isEmpty()) {
            return LedgerAnswer.MISS;
        }
        String entry = LedgerKey.hex(key.of(id, address));
        String[] keys = liveDayKeys();
        return link.call(commands -> ANSWERS.run(commands, keys, entry))
            .map(found -> found == 1L ? LedgerAnswer.HIT : LedgerAnswer.MISS)
            .orElseGet(() -> {
                failures.increment();
                return LedgerAnswer.UNAVAILABLE;
            });
    }

    /** Nothing to drop (days expire in Redis by themselves); counts the days still held, for JMX. */
    @Override
    public void expire() {
        String[] keys = liveDayKeys();
        link.call(commands -> commands.exists(keys)).ifPresentOrElse(
            count -> liveDays.set(Math.toIntExact(count)), failures::increment);
    }

    @Override
    public LedgerStats stats() {
        return new LedgerStats(OptionalLong.empty(), liveDays.get(), 0, 0, 0, failures.sum());
    }

    private String[] liveDayKeys() {
        LocalDate today = today();
        String[] keys = new String[policy.retentionDays() + 1];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = prefix + DAY.format(today.minusDays(i));
        }
        return keys;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "RedisOutboundLedger[" + link.settings().describe() + ", " + policy + "]";
    }
}
