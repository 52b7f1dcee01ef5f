package org.bounceguard.srs;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What SRS did since start: senders rewritten, answers reversed, addresses refused at RCPT and answers suppressed, by reason. */
public final class SrsCounters {
    private final LongAdder rewritten = new LongAdder();
    private final LongAdder rewrittenSrs1 = new LongAdder();
    private final LongAdder reversed = new LongAdder();
    private final Map<SrsResult.Invalid.Reason, LongAdder> refused = new EnumMap<>(SrsResult.Invalid.Reason.class);
    private final Map<SrsSource, LongAdder> suppressed = new EnumMap<>(SrsSource.class);

    public SrsCounters() {
        Arrays.stream(SrsResult.Invalid.Reason.values()).forEach(reason -> refused.put(reason, new LongAdder()));
        Arrays.stream(SrsSource.values()).filter(SrsSource::dubious).forEach(source -> suppressed.put(source, new LongAdder()));
    }

    public void recordRewritten(String address) {
        rewritten.increment();
        if (address.regionMatches(true, 0, SrsCodec.SRS1, 0, SrsCodec.SRS1.length())) {
            rewrittenSrs1.increment();
        }
    }

    public void recordReversed() {
        reversed.increment();
    }

    public void recordRefused(SrsResult.Invalid.Reason reason) {
        refused.get(reason).increment();
    }

    /** An answer to a forward from a dubious {@code source}, not sent on. */
    public void recordSuppressed(SrsSource source) {
        if (source.dubious()) {
            suppressed.get(source).increment();
        }
    }

    public long rewritten() {
        return rewritten.sum();
    }

    public long rewrittenSrs1() {
        return rewrittenSrs1.sum();
    }

    public long reversed() {
        return reversed.sum();
    }

    /** Refused at RCPT, by reason code ({@code srs-bad-hash}, {@code srs-expired}, {@code srs-malformed}). */
    public Map<String, Long> refusedByReason() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        refused.forEach((reason, count) -> byReason.put(reason.code(), count.sum()));
        return byReason;
    }

    public long refused() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Suppressed, by reason code ({@code srs-listed}, {@code srs-spf-fail}). */
    public Map<String, Long> suppressedByReason() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        suppressed.forEach((source, count) -> byReason.put(source.reason().orElseThrow(), count.sum()));
        return byReason;
    }

    public long suppressed() {
        return suppressed.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
