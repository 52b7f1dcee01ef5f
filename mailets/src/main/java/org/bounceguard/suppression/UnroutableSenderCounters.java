package org.bounceguard.suppression;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the MAIL FROM refusal of unroutable senders did on this node. Every sender whose
 * domain was looked up counts once in {@code checked}, and then in exactly one of: refused for a
 * null MX, refused for a domain that does not exist, refused for a domain without a mail host,
 * accepted because DNS did not answer (failed open), or accepted because the domain receives mail
 * ({@code checked} minus the others). Senders let through without a look-up are counted apart:
 * an authenticated or relay-allowed client, or one of our own domains. The null sender is never
 * looked up and not counted. Thread-safe ({@link LongAdder}).
 */
public final class UnroutableSenderCounters {
    private final LongAdder checked = new LongAdder();
    private final LongAdder refusedNullMx = new LongAdder();
    private final LongAdder refusedNoSuchDomain = new LongAdder();
    private final LongAdder refusedNoMailHost = new LongAdder();
    private final LongAdder failedOpen = new LongAdder();
    private final LongAdder trustedClient = new LongAdder();
    private final LongAdder ownDomain = new LongAdder();

    /** What was counted up to now. */
    public record Snapshot(long checked, long refusedNullMx, long refusedNoSuchDomain, long refusedNoMailHost, long failedOpen,
                           long trustedClient, long ownDomain) {
        public long refused() {
            return refusedNullMx + refusedNoSuchDomain + refusedNoMailHost;
        }
    }

    /** A sender's domain was looked up and found {@code status}; {@code refused}: the policy refused it. */
    public void recordChecked(MailDomainStatus status, boolean refused) {
        checked.increment();
        if (status instanceof MailDomainStatus.Undetermined) {
            failedOpen.increment();
        } else if (refused && status instanceof MailDomainStatus.NullMx) {
            refusedNullMx.increment();
        } else if (refused && status instanceof MailDomainStatus.NoSuchDomain) {
            refusedNoSuchDomain.increment();
        } else if (refused && status instanceof MailDomainStatus.NoMailHost) {
            refusedNoMailHost.increment();
        }
    }

    /** Let through unchecked: the client authenticated or may relay. */
    public void recordTrustedClient() {
        trustedClient.increment();
    }

    /** Let through unchecked: the sender is at one of our own domains. */
    public void recordOwnDomain() {
        ownDomain.increment();
    }

    public Snapshot snapshot() {
        return new Snapshot(checked.sum(), refusedNullMx.sum(), refusedNoSuchDomain.sum(), refusedNoMailHost.sum(), failedOpen.sum(),
            trustedClient.sum(), ownDomain.sum());
    }
}
