package org.bounceguard.suppression;

import org.bounceguard.testing.FakeTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NdrRateLimiterTest {

    private static final Duration WINDOW = Duration.ofMinutes(60);

    private final FakeTicker ticker = new FakeTicker();

    private NdrRateLimiter limiter(int perAddress, int perDomain) {
        return NdrRateLimiter.builder()
                .perAddress(perAddress)
                .perDomain(perDomain)
                .window(WINDOW)
                .ticker(ticker)
                .build();
    }

    private static int grants(NdrRateLimiter limiter, String address, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(address)) {
                granted++;
            }
        }
        return granted;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 17})
    void nPlusOneAttemptsInAWindowGrantExactlyN(int n) {
        NdrRateLimiter limiter = limiter(n, 1000);
        for (int i = 0; i < n; i++) {
            assertThat(limiter.tryAcquire("victim@example.com")).as("attempt %d", i + 1).isTrue();
        }
        assertThat(limiter.tryAcquire("victim@example.com")).isFalse();
    }

    @Test
    void anAddressGivenByItsPartsSharesTheQuotaOfItsTextForm() {
        NdrRateLimiter limiter = limiter(2, 1000);

        assertThat(limiter.tryAcquire(new NdrRecipient("Victim", "Example.COM"))).isTrue();
        assertThat(limiter.tryAcquire("<victim@example.com>")).isTrue();
        assertThat(limiter.tryAcquire(new NdrRecipient("victim", "example.com"))).isFalse();
    }

    @Test
    void anAddressWithoutALocalPartOrDomainIsRefusedByItsParts() {
        assertThatThrownBy(() -> new NdrRecipient(" ", "example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NdrRecipient("victim", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotaComesBackWhenTheWindowHasPassed() {
        NdrRateLimiter limiter = limiter(3, 1000);
        assertThat(grants(limiter, "victim@example.com", 4)).isEqualTo(3);

        ticker.advance(WINDOW.minusNanos(1));
        assertThat(limiter.tryAcquire("victim@example.com")).isFalse();

        ticker.advance(Duration.ofNanos(1));
        assertThat(grants(limiter, "victim@example.com", 4)).isEqualTo(3);
    }

    @Test
    void windowSlidesRatherThanResettingAtABoundary() {
        NdrRateLimiter limiter = limiter(2, 1000);
        assertThat(limiter.tryAcquire("victim@example.com")).isTrue();        // t = 0
        ticker.advance(Duration.ofMinutes(40));
        assertThat(limiter.tryAcquire("victim@example.com")).isTrue();        // t = 40
        assertThat(limiter.tryAcquire("victim@example.com")).isFalse();

        ticker.advance(Duration.ofMinutes(20));                                // t = 60: the t=0 grant leaves
        assertThat(limiter.tryAcquire("victim@example.com")).isTrue();
        assertThat(limiter.tryAcquire("victim@example.com")).isFalse();       // t=40 and t=60 still count

        ticker.advance(Duration.ofMinutes(39));                                // t = 99
        assertThat(limiter.tryAcquire("victim@example.com")).isFalse();
        ticker.advance(Duration.ofMinutes(1));                                 // t = 100: t=40 leaves
        assertThat(limiter.tryAcquire("victim@example.com")).isTrue();
    }

    @Test
    void logKeepsOrderWhileItWrapsAndGrows() {
        // limit 10: the log starts small and has to grow while its head has moved
        NdrRateLimiter limiter = limiter(10, 1000);
        String victim = "victim@example.com";
        assertThat(grants(limiter, victim, 3)).isEqualTo(3);          // t = 0:  3
        ticker.advance(Duration.ofMinutes(30));
        assertThat(grants(limiter, victim, 3)).isEqualTo(3);          // t = 30: 6
        ticker.advance(Duration.ofMinutes(30));                        // t = 60: the t=0 three leave
        assertThat(grants(limiter, victim, 8)).isEqualTo(7);          // 3 + 7 = 10, one denied
        ticker.advance(Duration.ofMinutes(29));                        // t = 89
        assertThat(limiter.tryAcquire(victim)).isFalse();
        ticker.advance(Duration.ofMinutes(1));                         // t = 90: the t=30 three leave
        assertThat(grants(limiter, victim, 4)).isEqualTo(3);
        ticker.advance(Duration.ofMinutes(30));                        // t = 120: the t=60 seven leave
        assertThat(grants(limiter, victim, 8)).isEqualTo(7);
    }

    @Test
    void hugeLimitsDoNotPreallocate() {
        NdrRateLimiter limiter = limiter(Integer.MAX_VALUE, Integer.MAX_VALUE);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("user" + i + "@example.com")).isTrue();
        }
    }

    @Test
    void domainLimitSpansAddresses() {
        NdrRateLimiter limiter = limiter(10, 3);
        assertThat(limiter.tryAcquire("a@victim.example")).isTrue();
        assertThat(limiter.tryAcquire("b@victim.example")).isTrue();
        assertThat(limiter.tryAcquire("c@victim.example")).isTrue();
        assertThat(limiter.tryAcquire("d@victim.example")).isFalse();
        assertThat(limiter.tryAcquire("a@victim.example")).isFalse();
        assertThat(limiter.tryAcquire("a@other.example")).isTrue();
    }

    @Test
    void subdomainIsADifferentDomain() {
        NdrRateLimiter limiter = limiter(10, 1);
        assertThat(limiter.tryAcquire("a@victim.example")).isTrue();
        assertThat(limiter.tryAcquire("a@mail.victim.example")).isTrue();
    }

    @Test
    void attemptDeniedByTheAddressDoesNotConsumeTheDomainQuota() {
        NdrRateLimiter limiter = limiter(1, 2);
        assertThat(limiter.tryAcquire("a@victim.example")).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("a@victim.example")).isFalse();
        }
        assertThat(limiter.tryAcquire("b@victim.example")).isTrue();
    }

    @Test
    void attemptDeniedByTheDomainDoesNotConsumeTheAddressQuota() {
        NdrRateLimiter limiter = limiter(1, 1);
        assertThat(limiter.tryAcquire("a@victim.example")).isTrue();     // t = 0
        ticker.advance(Duration.ofMinutes(30));
        assertThat(limiter.tryAcquire("b@victim.example")).isFalse();    // t = 30, domain full
        ticker.advance(Duration.ofMinutes(30));
        // t = 60: domain quota is back; b's own quota was never used
        assertThat(limiter.tryAcquire("b@victim.example")).isTrue();
    }

    @Test
    void addressesAreCaseInsensitiveAndMayCarryAngleBrackets() {
        NdrRateLimiter limiter = limiter(2, 100);
        assertThat(limiter.tryAcquire("Victim@Example.COM")).isTrue();
        assertThat(limiter.tryAcquire("<victim@example.com>")).isTrue();
        assertThat(limiter.tryAcquire(" VICTIM@EXAMPLE.COM ")).isFalse();
    }

    @Test
    void domainIsTakenAfterTheLastAt() {
        NdrRateLimiter limiter = limiter(10, 1);
        assertThat(limiter.tryAcquire("\"odd@local\"@victim.example")).isTrue();
        assertThat(limiter.tryAcquire("plain@victim.example")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "nobody", "@victim.example", "victim@", "<>", "<@>"})
    void malformedAddressesAreRejected(String address) {
        NdrRateLimiter limiter = limiter(1, 1);
        assertThatThrownBy(() -> limiter.tryAcquire(address))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NDR recipient");
    }

    @Test
    void invalidConfigurationIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> NdrRateLimiter.builder().perAddress(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perAddress").hasMessageContaining("0");
        assertThatThrownBy(() -> NdrRateLimiter.builder().perAddress(-3).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perAddress").hasMessageContaining("-3");
        assertThatThrownBy(() -> NdrRateLimiter.builder().perDomain(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perDomain");
        assertThatThrownBy(() -> NdrRateLimiter.builder().window(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> NdrRateLimiter.builder().window(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> NdrRateLimiter.builder().window(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> NdrRateLimiter.builder().window(Duration.ofDays(Long.MAX_VALUE / 86_400)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> NdrRateLimiter.builder().maxTrackedKeys(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTrackedKeys");
    }

    @Test
    void defaultsAreSane() {
        NdrRateLimiter limiter = NdrRateLimiter.builder().build();
        assertThat(limiter.perAddress()).isEqualTo(NdrRateLimiter.DEFAULT_PER_ADDRESS);
        assertThat(limiter.perDomain()).isEqualTo(NdrRateLimiter.DEFAULT_PER_DOMAIN);
        assertThat(limiter.window()).isEqualTo(Duration.ofHours(1));
        assertThat(limiter.maxTrackedKeys()).isEqualTo(100_000);
        assertThat(limiter.toString()).contains("sliding");
    }

    @Test
    void idleKeysAreForgottenAndStartAfresh() {
        NdrRateLimiter limiter = NdrRateLimiter.builder().perAddress(1).perDomain(1).window(WINDOW)
                .maxTrackedKeys(10).ticker(ticker).build();
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("user" + i + "@domain" + i + ".example");
            ticker.advance(Duration.ofSeconds(1));
        }
        // still bounded and still correct for a fresh key
        assertThat(limiter.tryAcquire("fresh@fresh.example")).isTrue();
        assertThat(limiter.tryAcquire("fresh@fresh.example")).isFalse();
    }

    @Test
    void concurrentAttemptsOnOneAddressNeverExceedTheLimit() throws Exception {
        int limit = 25;
        NdrRateLimiter limiter = limiter(limit, 1_000_000);
        assertThat(hammer(limiter, i -> "victim@example.com", 8, 2_000)).isEqualTo(limit);
    }

    @Test
    void concurrentAttemptsOnOneDomainNeverExceedTheLimit() throws Exception {
        int limit = 40;
        NdrRateLimiter limiter = limiter(1_000_000, limit);
        assertThat(hammer(limiter, i -> "user" + (i % 97) + "@victim.example", 8, 2_000)).isEqualTo(limit);
    }

    private static int hammer(NdrRateLimiter limiter, java.util.function.IntFunction<String> address,
                              int threads, int attemptsPerThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger granted = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (limiter.tryAcquire(address.apply(i))) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            return granted.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
