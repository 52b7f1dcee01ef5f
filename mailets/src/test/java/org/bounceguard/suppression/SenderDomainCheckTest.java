package org.bounceguard.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.bounceguard.testing.FakeTicker;
import org.bounceguard.testsupport.StubResolver;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The one definition of "can this domain receive mail", against scripted DNS answers of every kind. */
class SenderDomainCheckTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    /** Answers per "name TYPE"; a question nobody scripted gets NXDOMAIN. Records what was asked. */
    private static final class ScriptedDns extends StubResolver {
        private final Map<String, Function<Message, CompletionStage<Message>>> script = new HashMap<>();
        private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

        ScriptedDns on(String name, int type, Function<Message, CompletionStage<Message>> answer) {
            script.put(name + " " + Type.string(type), answer);
            return this;
        }

        ScriptedDns records(String name, int type, org.xbill.DNS.Record... records) {
            return on(name, type, query -> {
                Message response = response(query);
                for (org.xbill.DNS.Record record : records) {
                    response.addRecord(record, Section.ANSWER);
                }
                return CompletableFuture.completedFuture(response);
            });
        }

        ScriptedDns rcode(String name, int type, int rcode, org.xbill.DNS.Record... records) {
            return on(name, type, query -> {
                Message response = response(query);
                response.getHeader().setRcode(rcode);
                for (org.xbill.DNS.Record record : records) {
                    response.addRecord(record, Section.ANSWER);
                }
                return CompletableFuture.completedFuture(response);
            });
        }

        @Override
        protected CompletionStage<Message> answer(Message query) {
            String key = query.getQuestion().getName().toString(true) + " " + Type.string(query.getQuestion().getType());
            asked.add(key);
            return script.getOrDefault(key, question -> CompletableFuture.completedFuture(nxdomain(question, 300))).apply(query);
        }
    }

    private final ScriptedDns dns = new ScriptedDns();
    private final FakeTicker ticker = new FakeTicker();
    private final SenderDomainCheck check = new SenderDomainCheck(dns, TIMEOUT, ticker);

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MXRecord mx(String owner, int priority, String target) {
        return new MXRecord(name(owner), DClass.IN, 300, priority, name(target));
    }

    private static ARecord a(String owner) throws Exception {
        return new ARecord(name(owner), DClass.IN, 300, java.net.InetAddress.getByName("192.0.2.1"));
    }

    private static AAAARecord aaaa(String owner) throws Exception {
        return new AAAARecord(name(owner), DClass.IN, 300, java.net.InetAddress.getByName("2001:db8::1"));
    }

    private static CNAMERecord cname(String owner, String target) {
        return new CNAMERecord(name(owner), DClass.IN, 300, name(target));
    }

    private static MailDomainStatus undetermined(MailDomainStatus.Cause cause) {
        return new MailDomainStatus.Undetermined(cause);
    }

    @Test
    void aDomainWithAMailExchangerReceivesMailAndIsAskedNothingMore() {
        dns.records("example.org", Type.MX, mx("example.org", 10, "mx.example.org"));

        assertThat(check.status("Example.ORG")).isEqualTo(MailDomainStatus.RECEIVES);
        assertThat(dns.asked).containsExactly("example.org MX");
        assertThat(check.isRoutable("example.org")).contains(true);
    }

    @Test
    void theNullMxOfRfc7505IsItsOwnAnswer() {
        dns.records("nomail.example", Type.MX, mx("nomail.example", 0, "."));

        assertThat(check.status("nomail.example")).isEqualTo(MailDomainStatus.NULL_MX);
        assertThat(check.isRoutable("nomail.example")).contains(false);
        assertThat(dns.asked).containsExactly("nomail.example MX");
    }

    @Test
    void aNullMxBesideARealExchangerIsAMisconfigurationThatStillReceives() {
        dns.records("mixed.example", Type.MX, mx("mixed.example", 0, "."), mx("mixed.example", 10, "mx.mixed.example"));

        assertThat(check.status("mixed.example")).isEqualTo(MailDomainStatus.RECEIVES);
    }

    @Test
    void nxdomainMeansNoSuchDomain() {
        assertThat(check.status("gone.example")).isEqualTo(MailDomainStatus.NO_SUCH_DOMAIN);
        assertThat(check.isRoutable("gone.example")).contains(false);
        assertThat(dns.asked).containsExactly("gone.example MX");
    }

    @Test
    void withoutAnMxAnAOrAaaaRecordIsTheImplicitMx() throws Exception {
        dns.records("v4.example", Type.MX).records("v4.example", Type.A, a("v4.example")).records("v4.example", Type.AAAA);
        dns.records("v6.example", Type.MX).records("v6.example", Type.A).records("v6.example", Type.AAAA, aaaa("v6.example"));

        assertThat(check.status("v4.example")).isEqualTo(MailDomainStatus.RECEIVES);
        assertThat(check.status("v6.example")).isEqualTo(MailDomainStatus.RECEIVES);
    }

    @Test
    void aNameWithNeitherMxNorAddressHasNoMailHost() {
        dns.records("txt-only.example", Type.MX).records("txt-only.example", Type.A).records("txt-only.example", Type.AAAA);

        assertThat(check.status("txt-only.example")).isEqualTo(MailDomainStatus.NO_MAIL_HOST);
        assertThat(dns.asked).containsExactlyInAnyOrder("txt-only.example MX", "txt-only.example A", "txt-only.example AAAA");
    }

    @Test
    void serverFailuresDecideNothing() {
        dns.rcode("servfail.example", Type.MX, Rcode.SERVFAIL);
        dns.rcode("refused.example", Type.MX, Rcode.REFUSED);

        assertThat(check.status("servfail.example")).isEqualTo(undetermined(MailDomainStatus.Cause.SERVER_FAILURE));
        assertThat(check.status("refused.example")).isEqualTo(undetermined(MailDomainStatus.Cause.SERVER_FAILURE));
        assertThat(check.isRoutable("servfail.example")).isEmpty();
    }

    @Test
    void aServerThatNeverAnswersIsATimeoutWithinTheQueryTimeout() {
        dns.on("silent.example", Type.MX, query -> new CompletableFuture<>());

        long start = System.nanoTime();
        MailDomainStatus status = check.status("silent.example");

        assertThat(status).isEqualTo(undetermined(MailDomainStatus.Cause.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(10));
    }

    @Test
    void anUnreachableServerIsANetworkFailure() {
        dns.on("unreachable.example", Type.MX, query -> CompletableFuture.failedFuture(new PortUnreachableException("ICMP")));
        dns.on("broken.example", Type.MX, query -> CompletableFuture.failedFuture(new IOException("socket closed")));

        assertThat(check.status("unreachable.example")).isEqualTo(undetermined(MailDomainStatus.Cause.NETWORK));
        assertThat(check.status("broken.example")).isEqualTo(undetermined(MailDomainStatus.Cause.NETWORK));
    }

    @Test
    void aFailedAddressQueryDecidesNothingUnlessTheOtherFamilyAnswers() throws Exception {
        dns.records("half.example", Type.MX).rcode("half.example", Type.A, Rcode.SERVFAIL).records("half.example", Type.AAAA);
        dns.records("v6-saves.example", Type.MX).rcode("v6-saves.example", Type.A, Rcode.SERVFAIL)
            .records("v6-saves.example", Type.AAAA, aaaa("v6-saves.example"));

        assertThat(check.status("half.example")).isEqualTo(undetermined(MailDomainStatus.Cause.SERVER_FAILURE));
        assertThat(check.status("v6-saves.example")).isEqualTo(MailDomainStatus.RECEIVES);
    }

    @Test
    void aCnameChainIsNeverAFindingAgainstTheDomain() throws Exception {
        // followed to an exchanger: receives
        dns.records("alias.example", Type.MX, cname("alias.example", "real.example"), mx("real.example", 10, "mx.real.example"));
        // RFC 6604: NXDOMAIN after a CNAME speaks of the target, not of the name asked
        dns.rcode("dangling.example", Type.MX, Rcode.NXDOMAIN, cname("dangling.example", "missing.example"));
        // a null MX is a domain's own statement (RFC 7505): one behind an alias refuses no one
        dns.records("aliased-null.example", Type.MX, cname("aliased-null.example", "nomail.example"), mx("nomail.example", 0, "."));
        // an alias the server did not follow
        dns.records("unfollowed.example", Type.MX, cname("unfollowed.example", "elsewhere.example"))
            .records("unfollowed.example", Type.A, cname("unfollowed.example", "elsewhere.example"))
            .records("unfollowed.example", Type.AAAA, cname("unfollowed.example", "elsewhere.example"));

        assertThat(check.status("alias.example")).isEqualTo(MailDomainStatus.RECEIVES);
        assertThat(check.status("dangling.example")).isEqualTo(undetermined(MailDomainStatus.Cause.ALIAS));
        assertThat(check.status("unfollowed.example")).isEqualTo(undetermined(MailDomainStatus.Cause.ALIAS));
        assertThat(check.status("aliased-null.example")).isEqualTo(undetermined(MailDomainStatus.Cause.ALIAS));
    }

    @Test
    void decidedAnswersAreKeptTenMinutesAndFailures30Seconds() {
        dns.records("nomail.example", Type.MX, mx("nomail.example", 0, "."));
        dns.rcode("flaky.example", Type.MX, Rcode.SERVFAIL);

        check.status("nomail.example");
        check.status("NoMail.Example.");
        check.status("flaky.example");
        check.status("flaky.example");
        assertThat(dns.asked).containsExactly("nomail.example MX", "flaky.example MX");

        ticker.advance(Duration.ofSeconds(31));
        assertThat(check.status("flaky.example")).isEqualTo(undetermined(MailDomainStatus.Cause.SERVER_FAILURE));
        check.status("nomail.example");
        assertThat(dns.asked).containsExactly("nomail.example MX", "flaky.example MX", "flaky.example MX");

        ticker.advance(Duration.ofMinutes(10));
        check.status("nomail.example");
        assertThat(dns.asked).hasSize(4).last().isEqualTo("nomail.example MX");
    }

    @Test
    void anAddressLiteralNeedsNoDnsAndAnEmptyDomainIsNone() {
        assertThat(check.status("[192.0.2.7]")).isEqualTo(MailDomainStatus.RECEIVES);
        assertThat(check.status("192.0.2.7")).as("as James's MailAddress hands it over").isEqualTo(MailDomainStatus.RECEIVES);
        assertThat(check.status("[IPv6:2001:db8::7]")).isEqualTo(MailDomainStatus.RECEIVES);
        assertThat(check.status("")).isEqualTo(MailDomainStatus.NO_SUCH_DOMAIN);
        assertThat(dns.asked).isEmpty();
    }

    @Test
    void theAsynchronousFormNeverFails() {
        dns.on("boom.example", Type.MX, query -> {
            throw new IllegalStateException("resolver bug");
        });

        assertThat(check.statusAsync("boom.example").join()).isEqualTo(undetermined(MailDomainStatus.Cause.BAD_ANSWER));
    }

    @Test
    void codesNameEachOutcome() {
        assertThat(List.of(MailDomainStatus.RECEIVES, MailDomainStatus.NULL_MX, MailDomainStatus.NO_SUCH_DOMAIN,
                MailDomainStatus.NO_MAIL_HOST, undetermined(MailDomainStatus.Cause.SERVER_FAILURE)))
            .extracting(MailDomainStatus::code)
            .containsExactly("receives", "null-mx", "nxdomain", "no-mail-host", "undetermined-server-failure");
    }
}
