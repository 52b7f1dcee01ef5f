package org.bounceguard.benchmarks.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import org.bounceguard.ledger.InMemoryOutboundLedger;
import org.bounceguard.ledger.LedgerKey;
import org.bounceguard.ledger.LedgerPolicy;
import org.bounceguard.ledger.OutboundLedger;
import org.bounceguard.redis.RedisLink;
import org.bounceguard.redis.RedisNdrQuota;
import org.bounceguard.redis.RedisOutboundLedger;
import org.bounceguard.redis.RedisSettings;
import org.bounceguard.suppression.NdrQuota;
import org.bounceguard.suppression.NdrRateLimiter;

/**
 * NDR decisions and ledger look-ups per second, and the latency of each (p50, p99), on the memory
 * stores and on a real Redis, side by side in one run: rounds alternate memory-first and
 * Redis-first so that a machine that slows down during the run does not favour either.
 *
 * <pre>java -cp ... org.bounceguard.benchmarks.redis.RedisStoresBenchmark REDIS_URL ROUNDS OPS THREADS...</pre>
 *
 * Prints one tab-separated line per round, store, workload and thread count:
 * {@code round store workload threads ops_per_s p50_us p99_us}.
 */
public final class RedisStoresBenchmark {
    private static final int DESTINATIONS = 10_000;
    private static final int LEDGER_ENTRIES = 100_000;
    private static final LedgerKey KEY = LedgerKey.fromSecret("benchmark secret, not a real one");

    private RedisStoresBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rounds = Integer.parseInt(args[1]);
        int ops = Integer.parseInt(args[2]);
        int[] threads = Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray();
        RedisSettings settings = new RedisSettings(RedisSettings.parseUrl(url), Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(1));
        try (RedisLink link = new RedisLink(settings)) {
            link.call(commands -> commands.flushall());
            // generous quotas: every decision runs the whole script, none is cut short by a full log
            NdrRateLimiter memoryQuota = limiter();
            NdrQuota redisQuota = new RedisNdrQuota(link, limiter(), limiter(), "bench:");
            OutboundLedger memoryLedger = new InMemoryOutboundLedger(KEY, new LedgerPolicy(14, 10 * LEDGER_ENTRIES), Clock.systemUTC());
            OutboundLedger redisLedger = new RedisOutboundLedger(link, KEY, new LedgerPolicy(14, 10 * LEDGER_ENTRIES), Clock.systemUTC(), "bench:");
            fill(memoryLedger);
            fill(redisLedger);
            for (int round = 1; round <= rounds; round++) {
                boolean memoryFirst = round % 2 == 1;
                for (int t : threads) {
                    for (String store : memoryFirst ? List.of("memory", "redis") : List.of("redis", "memory")) {
                        NdrQuota quota = store.equals("memory") ? memoryQuota : redisQuota;
                        OutboundLedger ledger = store.equals("memory") ? memoryLedger : redisLedger;
                        report(round, store, "ndr-decision", t, measure(ops, t, i -> quota.tryAcquire(destination(i))));
                        report(round, store, "ledger-lookup", t, measure(ops, t, i -> ledger.answers(lookupId(i), "user" + (i % 1000) + "@ours.example")));
                    }
                }
            }
            if (link.failures() > 0) {
                throw new IllegalStateException(link.failures() + " Redis calls failed: the figures are not Redis's");
            }
        }
    }

    private static NdrRateLimiter limiter() {
        return NdrRateLimiter.builder().perAddress(1_000_000).perDomain(1_000_000).window(Duration.ofHours(1))
            .maxTrackedKeys(4 * DESTINATIONS).build();
    }

    private static String destination(int i) {
        return "bouncer" + (i % DESTINATIONS) + "@dest" + (i % 97) + ".example";
    }

    private static void fill(OutboundLedger ledger) {
        for (int i = 0; i < LEDGER_ENTRIES; i++) {
            ledger.record(messageId(i), List.of("user" + (i % 1000) + "@ours.example"));
        }
    }

    private static String messageId(int i) {
        return "<" + Integer.toHexString(i * 0x9E3779B1) + "." + i + "@relay.bounceguard.example>";
    }

    /** Half the look-ups are hits (recorded ids with their address), half misses. */
    private static String lookupId(int i) {
        int n = i % LEDGER_ENTRIES;
        return i % 2 == 0 ? messageId(n - n % 1000 + (i % 1000)) : "<never-" + i + "@elsewhere.example>";
    }

    private record Measured(double opsPerSecond, double p50Micros, double p99Micros) {
    }

    private static Measured measure(int ops, int threads, IntConsumer op) throws Exception {
        // warm-up: a tenth of the run, not measured
        run(ops / 10, threads, op, new long[ops / 10]);
        long[] latencies = new long[ops];
        long started = System.nanoTime();
        run(ops, threads, op, latencies);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        return new Measured(ops / seconds, latencies[ops / 2] / 1e3, latencies[(int) (ops * 0.99)] / 1e3);
    }

    private static void run(int ops, int threads, IntConsumer op, long[] latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                workers.add(pool.submit(() -> {
                    for (int i = first; i < ops; i += threads) {
                        long start = System.nanoTime();
                        op.accept(i);
                        latencies[i] = System.nanoTime() - start;
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void report(int round, String store, String workload, int threads, Measured measured) {
        System.out.println(String.format(Locale.ROOT, "%d\t%s\t%s\t%d\t%.0f\t%.1f\t%.1f", round, store, workload, threads,
            measured.opsPerSecond(), measured.p50Micros(), measured.p99Micros()));
    }
}
