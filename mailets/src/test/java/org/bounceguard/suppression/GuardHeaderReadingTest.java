package org.bounceguard.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.bounceguard.bounce.InputBounds;
import org.junit.jupiter.api.Test;

/**
 * How the guard reads Auto-Submitted and Precedence: RFC 5322 comments (nested too) are no part
 * of the keyword, and a hostile value costs time linear in its length, bounded by
 * {@link NdrGuard#MAX_HEADER_VALUE}.
 */
class GuardHeaderReadingTest {
    private static final NdrGuard GUARD = NdrGuard.withDefaults();

    private static boolean precedenceSuppresses(String value) {
        return GUARD.decide(NdrSignals.builder().envelopeSender("bob@example.org").precedence(value).build())
            .reasons().contains(SuppressionReason.PRECEDENCE);
    }

    private static boolean autoSubmittedSuppresses(String value) {
        return GUARD.decide(NdrSignals.builder().envelopeSender("bob@example.org").autoSubmitted(value).build())
            .reasons().contains(SuppressionReason.AUTO_SUBMITTED);
    }

    @Test
    void keywordIsReadAroundNestedComments() {
        assertThat(NdrGuard.keyword("(a (nested) comment) bulk (trailing (one))")).isEqualTo("bulk");
        assertThat(NdrGuard.keyword("list; x=(y;z)")).isEqualTo("list");
        assertThat(NdrGuard.keyword("(comment; with semicolon) junk")).isEqualTo("junk");
        assertThat(NdrGuard.keyword("bu(inside)lk")).isEqualTo("bu lk");
        assertThat(precedenceSuppresses("((((bulk))))")).isFalse();
        assertThat(precedenceSuppresses("((((x)))) BULK")).isTrue();
        assertThat(autoSubmittedSuppresses("no (((a person wrote this)))")).isFalse();
    }

    @Test
    void unbalancedParenthesesStayText() {
        // a comment that never closes is no comment: the value is not the bare keyword
        assertThat(NdrGuard.keyword("bulk (never closed")).isEqualTo("bulk (never closed");
        assertThat(NdrGuard.keyword("no )")).isEqualTo("no )");
        assertThat(NdrGuard.keyword("((x) no")).isEqualTo("(  no");
        assertThat(autoSubmittedSuppresses("no (unclosed")).isTrue();
    }

    @Test
    void aValueLongerThanTheBoundIsJudgedOnItsBeginningAndCounted() {
        long before = InputBounds.count(InputBounds.Bound.GUARD_HEADER_VALUE);
        String filler = " (" + "x".repeat(80) + ")";
        StringBuilder value = new StringBuilder("bulk");
        while (value.length() < NdrGuard.MAX_HEADER_VALUE * 4) {
            value.append(filler);
        }
        assertThat(precedenceSuppresses(value.toString())).isTrue();
        assertThat(InputBounds.count(InputBounds.Bound.GUARD_HEADER_VALUE)).isGreaterThan(before);
    }

    /** A megabyte of nested parentheses, as an attacker folds it into one Precedence header. */
    private static String nested(int length) {
        return "(".repeat(length / 2) + ")".repeat(length / 2) + " bulk";
    }

    @Test
    void nestedCommentsCostLinearTime() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 20; warm++) {
            precedenceSuppresses(nested(64 * 1024));
        }
        long start = threads.getCurrentThreadCpuTime();
        // one megabyte, nested 512 K deep: the one-level-per-pass reading took hours on this
        boolean suppressed = precedenceSuppresses(nested(1024 * 1024));
        long spentMillis = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
        assertThat(spentMillis).as("CPU ms for a 1 MB nested Precedence").isLessThan(200);
        // the bound cuts inside the nesting: the value read is one comment, no keyword, so not "bulk"
        assertThat(suppressed).isFalse();
        assertThat(precedenceSuppresses(nested(1000))).isTrue();
    }
}
