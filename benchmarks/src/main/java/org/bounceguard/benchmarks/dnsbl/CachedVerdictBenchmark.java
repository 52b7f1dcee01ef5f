package org.bounceguard.benchmarks.dnsbl;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblQuery;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.testsupport.StubResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The warm path: a whole verdict (four zones, all answers cached) for a client seen before, as
 * DnsblCheck computes it when the prefetch handler or an earlier mail already asked.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CachedVerdictBenchmark {
    private static final int CLIENTS = 10_000;

    private DnsblEngine engine;
    private List<ZoneSpec> zones;
    private DnsblQuery[] queries;
    private int next;

    @Setup(Level.Trial)
    public void warm() throws Exception {
        engine = DnsblEngine.builder().resolver(StubResolver.nothingListed(3600)).healthProbeInterval(Duration.ZERO)
            .cacheMaximumSize(100_000).build();
        zones = ZoneSpec.parseList("zen.spamhaus.org=127.0.0.[2..11]*3, bl.spamcop.net*2, b.barracudacentral.org*2, list.dnswl.org=127.0.[0..255].[1..3]*-5");
        queries = new DnsblQuery[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            queries[i] = DnsblQuery.client(InetAddress.getByAddress(new byte[] {(byte) 198, 51, (byte) (i >> 8), (byte) i}));
            engine.check(DnsblRequest.of(queries[i], zones)).join();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }

    @Benchmark
    public DnsblVerdict cachedVerdictOfFourZones() {
        DnsblQuery query = queries[next];
        next = next + 1 == CLIENTS ? 0 : next + 1;
        return engine.check(DnsblRequest.of(query, zones)).join();
    }
}
