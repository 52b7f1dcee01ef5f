package org.bounceguard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long mails waited for their DNSBL verdict, read from their X-Bounceguard-Dnsbl headers. */
public final class VerdictWaits {
    /** The DNSBL deadline the fault tests configure. */
    public static final Duration DEADLINE = Duration.ofMillis(500);
    /**
     * The verdict completes at the deadline on a timer thread, and the spooler thread then has to
     * be scheduled again: on a 2-core machine running James, the load generator and the IMAP
     * reader at once, that took up to ~160 ms on a quiet machine and up to ~350 ms with a load
     * average of 7. The bound catches a deadline that is not enforced (a wait of the 2 s answer
     * delay, or of dnsjava's retries), not scheduling noise.
     */
    public static final Duration SCHEDULING_SLACK = Duration.ofMillis(500);

    private static final Pattern WAITED = Pattern.compile("client=(\\S+);.*waited=(\\d+)ms");

    private VerdictWaits() {
    }

    /** Of these X-Bounceguard-Dnsbl values, those of clients starting with {@code clientPrefix}: as many as expected, none waited past the deadline. */
    public static void assertWaitedAtMostTheDeadline(List<String> verdicts, String clientPrefix, int expectedMails) {
        long checked = 0;
        long longest = 0;
        for (String verdict : verdicts) {
            Matcher matcher = verdict == null ? null : WAITED.matcher(verdict);
            if (matcher != null && matcher.find() && matcher.group(1).startsWith(clientPrefix)) {
                checked++;
                longest = Math.max(longest, Long.parseLong(matcher.group(2)));
            }
        }
        assertThat(checked).as("mails carrying their verdict").isEqualTo(expectedMails);
        System.out.printf("%d mails from %s*: longest wait for a verdict %d ms (deadline %d ms)%n",
            checked, clientPrefix, longest, DEADLINE.toMillis());
        assertThat(Duration.ofMillis(longest)).as("longest wait for a verdict")
            .isLessThanOrEqualTo(DEADLINE.plus(SCHEDULING_SLACK));
    }
}
