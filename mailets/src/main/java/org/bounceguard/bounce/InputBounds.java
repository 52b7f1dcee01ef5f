package org.bounceguard.bounce;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often a reader of mail content reached one of its documented bounds and decided with what
 * it had read (docs/capabilities/bounce-recognition.md, "Bounded cost"). One set of counters per JVM: the readers are
 * plain functions shared by every mailet and server; the James adapter publishes them over JMX
 * ({@code org.bounceguard:type=InputBounds}) and as {@code bounceguard_input_truncated_*} gauges.
 */
public final class InputBounds {

    /** The bounds; each code names what was cut. */
    public enum Bound {
        /** An Auto-Submitted or Precedence value longer than {@code NdrGuard.MAX_HEADER_VALUE}. */
        GUARD_HEADER_VALUE("guard-header-value"),
        /** A top header longer than {@link BounceParser#MAX_HEADER_BYTES}, or a field longer than {@link TopHeader#MAX_VALUE}. */
        TOP_HEADER("top-header"),
        /** A header block (status group, returned header) with more than {@link HeaderBlock#MAX_FIELDS} fields or a longer field. */
        HEADER_BLOCK("header-block"),
        /** A part longer than {@link BounceParser#MAX_PART_TEXT}, or report text past {@link BounceParser#MAX_REPORT_TEXT}. */
        TEXT("text"),
        /** More MIME parts than {@link BounceParser#MAX_PARTS}, or deeper nesting than {@link BounceParser#MAX_NESTING}. */
        PARTS("parts"),
        /**
         * More status-part recipients than {@link BounceParser#MAX_RECIPIENTS} (or 1,000 groups in one
         * part), or a report text with more addresses than its reader examines.
         */
        RECIPIENTS("recipients"),
        /** A limit of the MIME parser itself (line length, header count or length): the message was read up to there. */
        MIME("mime");

        private final String code;

        Bound(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private static final EnumMap<Bound, LongAdder> COUNTS = new EnumMap<>(Bound.class);

    static {
        for (Bound bound : Bound.values()) {
            COUNTS.put(bound, new LongAdder());
        }
    }

    private InputBounds() {
    }

    /** One reader stopped at {@code bound}. */
    public static void reached(Bound bound) {
        COUNTS.get(bound).increment();
    }

    public static long count(Bound bound) {
        return COUNTS.get(bound).sum();
    }

    /** Every bound with its count since the JVM started, in declaration order. */
    public static Map<Bound, Long> snapshot() {
        EnumMap<Bound, Long> counts = new EnumMap<>(Bound.class);
        COUNTS.forEach((bound, adder) -> counts.put(bound, adder.sum()));
        return counts;
    }
}
