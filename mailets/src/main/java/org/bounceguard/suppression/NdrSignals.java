package org.bounceguard.suppression;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything {@link NdrGuard} needs to know about a failed mail, gathered once by the James
 * adapter (envelope, mail attributes, headers, DNS). Raw values are kept as found; the guard
 * does the trimming and case folding.
 *
 * @param envelopeSender        the failed mail's reverse-path; empty for the null sender {@code <>}.
 *                              A blank value or {@code "<>"} is normalised to empty.
 * @param dnsblScore            the DNSBL score of the mail's source, if it was checked
 * @param spfResult             the SPF result as James's SPF mailet records it ({@code pass}, {@code fail},
 *                              {@code softfail}, {@code neutral}, {@code none}, {@code temperror},
 *                              {@code permerror}), if known
 * @param spamFlagged           whether a spam filter flagged the mail
 * @param autoSubmitted         the raw {@code Auto-Submitted} header value, if present
 * @param precedence            the raw {@code Precedence} header value, if present
 * @param senderDomainRoutable  whether the sender's domain has an MX, A or AAAA record; empty when
 *                              unknown or not checked
 * @param backscatter           whether the failed mail was classified as backscatter
 * @param senderAuthenticated   whether the failed mail came in over SMTP AUTH (or was written by this server)
 * @param senderLocal           whether the envelope sender's domain is one this server delivers for
 * @param dkimPassDomains       the signing domains ({@code d=}, or the domain of {@code i=}) of the failed
 *                              mail's DKIM signatures that verified
 */
public record NdrSignals(Optional<String> envelopeSender,
                         OptionalInt dnsblScore,
                         Optional<String> spfResult,
                         boolean spamFlagged,
                         Optional<String> autoSubmitted,
                         Optional<String> precedence,
                         Optional<Boolean> senderDomainRoutable,
                         boolean backscatter,
                         boolean senderAuthenticated,
                         boolean senderLocal,
                         List<String> dkimPassDomains) {

    public NdrSignals {
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(dnsblScore, "dnsblScore");
        Objects.requireNonNull(spfResult, "spfResult");
        Objects.requireNonNull(autoSubmitted, "autoSubmitted");
        Objects.requireNonNull(precedence, "precedence");
        Objects.requireNonNull(senderDomainRoutable, "senderDomainRoutable");
        dkimPassDomains = List.copyOf(dkimPassDomains);
        envelopeSender = envelopeSender
                .filter(sender -> !sender.isBlank() && !sender.trim().equals("<>"));
    }

    /**
     * A builder. The envelope sender has no default: call {@link Builder#envelopeSender(String)}
     * or {@link Builder#nullSender()}, so that forgetting it cannot silently mean "null sender".
     * Everything else defaults to "absent / not flagged".
     */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Optional<String> envelopeSender;
        private OptionalInt dnsblScore = OptionalInt.empty();
        private Optional<String> spfResult = Optional.empty();
        private boolean spamFlagged;
        private Optional<String> autoSubmitted = Optional.empty();
        private Optional<String> precedence = Optional.empty();
        private Optional<Boolean> senderDomainRoutable = Optional.empty();
        private boolean backscatter;
        private boolean senderAuthenticated;
        private boolean senderLocal;
        private List<String> dkimPassDomains = List.of();

        private Builder() {
        }

        /** The reverse-path; {@code null}, blank or {@code "<>"} mean the null sender. */
        public Builder envelopeSender(String sender) {
            this.envelopeSender = Optional.ofNullable(sender);
            return this;
        }

        /** The failed mail had the null reverse-path {@code <>}. */
        public Builder nullSender() {
            this.envelopeSender = Optional.empty();
            return this;
        }

        public Builder dnsblScore(int score) {
            this.dnsblScore = OptionalInt.of(score);
            return this;
        }

        public Builder dnsblScore(OptionalInt score) {
            this.dnsblScore = Objects.requireNonNull(score, "score");
            return this;
        }

        /** {@code null} means unknown. */
        public Builder spfResult(String result) {
            this.spfResult = Optional.ofNullable(result);
            return this;
        }

        public Builder spamFlagged(boolean flagged) {
            this.spamFlagged = flagged;
            return this;
        }

        /** The raw header value; {@code null} means the header is absent. */
        public Builder autoSubmitted(String headerValue) {
            this.autoSubmitted = Optional.ofNullable(headerValue);
            return this;
        }

        /** The raw header value; {@code null} means the header is absent. */
        public Builder precedence(String headerValue) {
            this.precedence = Optional.ofNullable(headerValue);
            return this;
        }

        public Builder senderDomainRoutable(boolean routable) {
            this.senderDomainRoutable = Optional.of(routable);
            return this;
        }

        public Builder senderDomainRoutable(Optional<Boolean> routable) {
            this.senderDomainRoutable = Objects.requireNonNull(routable, "routable");
            return this;
        }

        public Builder backscatter(boolean backscatter) {
            this.backscatter = backscatter;
            return this;
        }

        public Builder senderAuthenticated(boolean authenticated) {
            this.senderAuthenticated = authenticated;
            return this;
        }

        public Builder senderLocal(boolean local) {
            this.senderLocal = local;
            return this;
        }

        public Builder dkimPassDomains(List<String> domains) {
            this.dkimPassDomains = Objects.requireNonNull(domains, "domains");
            return this;
        }

        /** @throws IllegalStateException if neither the envelope sender nor the null sender was set */
        public NdrSignals build() {
            if (envelopeSender == null) {
                throw new IllegalStateException(
                        "NdrSignals needs the envelope sender: call envelopeSender(...) or nullSender()");
            }
            return new NdrSignals(envelopeSender, dnsblScore, spfResult, spamFlagged, autoSubmitted,
                    precedence, senderDomainRoutable, backscatter, senderAuthenticated, senderLocal,
                    dkimPassDomains);
        }
    }
}
