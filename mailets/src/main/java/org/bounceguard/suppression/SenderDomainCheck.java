package org.bounceguard.suppression;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.bounceguard.dns.DnsFailure;
import org.bounceguard.net.DomainNames;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.net.InetAddresses;

/**
 * Can mail to this domain be delivered at all? The one definition every part of Bounceguard uses
 * (NDR suppression, the MAIL FROM refusal), as a {@link MailDomainStatus}:
 * <ul>
 *   <li>an MX other than the RFC 7505 null MX {@code MX 0 .}, or else an A or AAAA record
 *       (RFC 5321 section 5.1 implicit MX): {@link MailDomainStatus.Receives};</li>
 *   <li>a single MX {@code 0 .} at the domain itself: {@link MailDomainStatus.NullMx};</li>
 *   <li>NXDOMAIN for the name itself: {@link MailDomainStatus.NoSuchDomain};</li>
 *   <li>a name with none of these records: {@link MailDomainStatus.NoMailHost};</li>
 *   <li>a timeout, an unreachable server, SERVFAIL or REFUSED, an unreadable answer, or a CNAME
 *       chain that does not end in a mail host (unresolved, or leading to a missing name, to no
 *       address or to a null MX): {@link MailDomainStatus.Undetermined} - never a finding against
 *       the domain.</li>
 * </ul>
 * An MX query first; only without an MX record A and AAAA, asked in parallel. Each query is bounded
 * by the timeout, so one check takes at most two timeouts. Decided answers are kept ten minutes
 * (at most 10,000 domains); undetermined ones 30 seconds (RFC 9520's resolution-failure cache), so
 * that while a domain's DNS times out its senders pay one timeout per 30 seconds, not one per mail.
 */
public final class SenderDomainCheck implements AutoCloseable {
    private static final Duration KEPT_FOR = Duration.ofMinutes(10);
    private static final Duration FAILURE_KEPT_FOR = Duration.ofSeconds(30);

    private final Resolver resolver;
    private final Duration timeout;
    private final Cache<String, MailDomainStatus> answers;
    private final Cache<String, MailDomainStatus> failures;

    public SenderDomainCheck(Resolver resolver, Duration timeout, Ticker ticker) {
        this.resolver = resolver;
        this.timeout = timeout;
        this.answers = CacheBuilder.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(KEPT_FOR)
            .ticker(ticker)
            .build();
        this.failures = CacheBuilder.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(FAILURE_KEPT_FOR)
            .ticker(ticker)
            .build();
    }

    /** True when mail to {@code domain} can be delivered, false when it cannot, empty when DNS did not say. */
    public Optional<Boolean> isRoutable(String domain) {
        return status(domain).routable();
    }

    /** The blocking form of {@link #statusAsync}: waits at most two query timeouts. */
    public MailDomainStatus status(String domain) {
        try {
            return statusAsync(domain).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MailDomainStatus.Undetermined(MailDomainStatus.Cause.TIMEOUT);
        } catch (ExecutionException e) {
            return new MailDomainStatus.Undetermined(cause(e));
        }
    }

    /** What DNS says about {@code domain}; never completes exceptionally. */
    public CompletableFuture<MailDomainStatus> statusAsync(String domain) {
        String normalized = DomainNames.fold(domain);
        if (normalized.isEmpty()) {
            return CompletableFuture.completedFuture(MailDomainStatus.NO_SUCH_DOMAIN);
        }
        if (isAddressLiteral(normalized)) {
            // delivered to that address, no DNS involved
            return CompletableFuture.completedFuture(MailDomainStatus.RECEIVES);
        }
        MailDomainStatus cached = answers.getIfPresent(normalized);
        if (cached == null) {
            cached = failures.getIfPresent(normalized);
        }
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        Name name;
        try {
            name = Name.fromString(normalized, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(MailDomainStatus.NO_SUCH_DOMAIN);
        }
        return ask(name, Type.MX)
            .thenCompose(mx -> fromMx(name, mx))
            .exceptionally(failure -> new MailDomainStatus.Undetermined(cause(failure)))
            .thenApply(status -> {
                (status.routable().isPresent() ? answers : failures).put(normalized, status);
                return status;
            });
    }

    /**
     * {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}, or the same without brackets (James's
     * {@code MailAddress} hands the domain of a literal over without them); no top-level domain is
     * all digits, so a bare IP address is never a DNS name.
     */
    static boolean isAddressLiteral(String domain) {
        String literal = domain.startsWith("[") && domain.endsWith("]") ? domain.substring(1, domain.length() - 1) : domain;
        if (literal.regionMatches(true, 0, "ipv6:", 0, 5)) {
            literal = literal.substring(5);
        }
        return InetAddresses.isInetAddress(literal);
    }

    private CompletableFuture<MailDomainStatus> fromMx(Name name, Message mx) {
        int rcode = mx.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            // RFC 6604: after a CNAME the rcode speaks of the alias's target, not of the name asked
            return CompletableFuture.completedFuture(hasAlias(mx) ? new MailDomainStatus.Undetermined(MailDomainStatus.Cause.ALIAS)
                : MailDomainStatus.NO_SUCH_DOMAIN);
        }
        if (rcode != Rcode.NOERROR) {
            return CompletableFuture.completedFuture(new MailDomainStatus.Undetermined(MailDomainStatus.Cause.SERVER_FAILURE));
        }
        List<MXRecord> exchangers = mx.getSection(Section.ANSWER).stream()
            .filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
        if (!exchangers.isEmpty()) {
            boolean nullMx = exchangers.size() == 1 && exchangers.get(0).getTarget().equals(Name.root);
            if (!nullMx) {
                return CompletableFuture.completedFuture(MailDomainStatus.RECEIVES);
            }
            // RFC 7505 publishes a null MX at the domain itself; one reached through an alias is not its statement
            return CompletableFuture.completedFuture(hasAlias(mx) ? new MailDomainStatus.Undetermined(MailDomainStatus.Cause.ALIAS)
                : MailDomainStatus.NULL_MX);
        }
        boolean aliased = hasAlias(mx);
        CompletableFuture<MailDomainStatus> ipv4 = address(name, Type.A);
        CompletableFuture<MailDomainStatus> ipv6 = address(name, Type.AAAA);
        return ipv4.thenCombine(ipv6, (v4, v6) -> {
            if (v4 instanceof MailDomainStatus.Receives || v6 instanceof MailDomainStatus.Receives) {
                return MailDomainStatus.RECEIVES;
            }
            if (v4 instanceof MailDomainStatus.Undetermined) {
                return v4;
            }
            if (v6 instanceof MailDomainStatus.Undetermined) {
                return v6;
            }
            return aliased ? new MailDomainStatus.Undetermined(MailDomainStatus.Cause.ALIAS) : MailDomainStatus.NO_MAIL_HOST;
        });
    }

    /** Receives when the answer holds an address of {@code type}, NoMailHost when it holds none, Undetermined otherwise. */
    private CompletableFuture<MailDomainStatus> address(Name name, int type) {
        return ask(name, type).thenApply(answer -> {
            if (answer.getRcode() != Rcode.NOERROR && answer.getRcode() != Rcode.NXDOMAIN) {
                return (MailDomainStatus) new MailDomainStatus.Undetermined(MailDomainStatus.Cause.SERVER_FAILURE);
            }
            if (answer.getSection(Section.ANSWER).stream().anyMatch(record -> record.getType() == type)) {
                return MailDomainStatus.RECEIVES;
            }
            return hasAlias(answer) ? new MailDomainStatus.Undetermined(MailDomainStatus.Cause.ALIAS) : MailDomainStatus.NO_MAIL_HOST;
        }).exceptionally(failure -> new MailDomainStatus.Undetermined(cause(failure)));
    }

    private static boolean hasAlias(Message answer) {
        return answer.getSection(Section.ANSWER).stream().anyMatch(record -> record.getType() == Type.CNAME || record.getType() == Type.DNAME);
    }

    private CompletableFuture<Message> ask(Name name, int type) {
        Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        try {
            return resolver.sendAsync(question).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static MailDomainStatus.Cause cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WireParseException) {
            return MailDomainStatus.Cause.BAD_ANSWER;
        }
        if (DnsFailure.of(cause) instanceof DnsFailure transport) {
            return transport.kind() == DnsFailure.Kind.TIMEOUT ? MailDomainStatus.Cause.TIMEOUT : MailDomainStatus.Cause.NETWORK;
        }
        return MailDomainStatus.Cause.BAD_ANSWER;
    }

    /** Releases the resolver when it holds resources of its own (Bounceguard's UDP transport does). */
    @Override
    public void close() {
        if (resolver instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down: nothing left to do with it
            }
        }
    }
}
