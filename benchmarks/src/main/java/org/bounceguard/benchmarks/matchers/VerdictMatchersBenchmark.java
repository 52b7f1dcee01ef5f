package org.bounceguard.benchmarks.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.bounceguard.dnsbl.Listing;
import org.bounceguard.dnsbl.DnsblVerdict;
import org.bounceguard.dnsbl.ZoneError;
import org.bounceguard.dnsbl.ErrorKind;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.findings.DnsblFinding;
import org.bounceguard.matchers.DnsblListed;
import org.bounceguard.matchers.DnsblScoreAtLeast;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The warm path after DnsblCheck: routing matchers reading the verdict the mailet stored as
 * attributes. Half the mails are listed (score 3, one listing, a TXT reason), half are clean
 * (score 0, one zone error), so neither branch is the only one the JIT sees.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerdictMatchersBenchmark {
    private static final int MAILS = 64;

    private DnsblScoreAtLeast scoreAtLeast;
    private DnsblListed listed;
    private Mail[] mails;
    private int next;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        scoreAtLeast = new DnsblScoreAtLeast();
        scoreAtLeast.init(FakeMatcherConfig.builder().matcherName("DnsblScoreAtLeast").condition("3")
            .mailetContext(FakeMailContext.defaultContext()).build());
        listed = new DnsblListed();
        listed.init(FakeMatcherConfig.builder().matcherName("DnsblListed").condition("black.bench.test, spam.bench.test")
            .mailetContext(FakeMailContext.defaultContext()).build());

        ZoneSpec black = ZoneSpec.parse("black.bench.test*3");
        mails = new Mail[MAILS];
        for (int i = 0; i < MAILS; i++) {
            String client = "198.18.0." + i;
            DnsblVerdict verdict = i % 2 == 0
                ? new DnsblVerdict(List.of(new Listing(black, i + ".0.18.198.black.bench.test", List.of("127.0.0.2"),
                    Optional.of("Listed by the benchmark"))), List.of(), Optional.empty())
                : new DnsblVerdict(List.of(), List.of(new ZoneError("dialup.bench.test", ErrorKind.TIMEOUT, "no answer within the deadline")),
                    Optional.empty());
            Mail mail = FakeMail.builder().name("mail-" + i).sender("sender@example.org")
                .recipient("alice@bounceguard.test").remoteAddr(client).build();
            new DnsblFinding(org.bounceguard.findings.ClientCheck.checked(com.google.common.net.InetAddresses.forString(client)), verdict).writeTo(mail);
            mails[i] = mail;
        }
    }

    private Mail nextMail() {
        Mail mail = mails[next];
        next = (next + 1) & (MAILS - 1);
        return mail;
    }

    @Benchmark
    public Collection<MailAddress> dnsblScoreAtLeast() {
        return scoreAtLeast.match(nextMail());
    }

    @Benchmark
    public Collection<MailAddress> dnsblListed() {
        return listed.match(nextMail());
    }
}
