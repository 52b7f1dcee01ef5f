package org.bounceguard.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.bounceguard.backscatter.BackscatterJudge;
import org.bounceguard.backscatter.BackscatterPolicy;
import org.bounceguard.backscatter.BackscatterReason;
import org.bounceguard.james.BackscatterService;
import org.bounceguard.james.GuardedNdr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

/**
 * Records why a bounce is backscatter: attribute {@code bounceguard.backscatter.reasons} (which
 * also keeps the guarded bounce mailets from ever bouncing it) and, by default, the header
 * {@code X-Bounceguard-Backscatter: batv-missing; relays-unknown}; counts it and logs it at INFO.
 * Parameters: {@code header} (that name; empty for none).
 */
public class RecordBackscatter extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordBackscatter.class);

    private final BackscatterService service;
    private final BackscatterJudge judge = new BackscatterJudge(BackscatterPolicy.ANY);
    private Optional<String> header;

    @Inject
    public RecordBackscatter(BackscatterService service) {
        this.service = service;
    }

    @Override
    public void init() {
        String configured = getInitParameter("header", "X-Bounceguard-Backscatter");
        header = Optional.of(configured.trim()).filter(name -> !name.isEmpty());
    }

    @Override
    public void service(Mail mail) {
        BackscatterJudge.Verdict verdict = judge.judge(service.evidence(mail));
        ImmutableList<String> codes = verdict.reasons().stream().map(BackscatterReason::code).collect(ImmutableList.toImmutableList());
        mail.setAttribute(new Attribute(GuardedNdr.BACKSCATTER_MARK, AttributeValue.of(codes.stream()
            .map(code -> (AttributeValue<?>) AttributeValue.of(code))
            .collect(ImmutableList.toImmutableList()))));
        header.ifPresent(name -> {
            try {
                mail.getMessage().setHeader(name, codes.isEmpty() ? "unspecified" : String.join("; ", codes));
            } catch (MessagingException e) {
                LOGGER.warn("Could not add header {} to mail {}: {}", name, mail.getName(), e.getMessage());
            }
        });
        service.counters().recordQuarantined(verdict.reasons());
        LOGGER.info("Backscatter: mail {} from {} to {}: {}", mail.getName(), mail.getMaybeSender().asString(),
            mail.getRecipients(), codes.isEmpty() ? "unspecified" : String.join("; ", codes));
    }

    @Override
    public String getMailetInfo() {
        return "Records backscatter reasons (Bounceguard)";
    }
}
