package org.bounceguard.mailets;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.mailet.Mail;
import org.bounceguard.findings.BackscatterFinding;
import org.bounceguard.james.BackscatterService;
import org.bounceguard.james.BounceguardMailet;
import org.bounceguard.james.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records why a bounce is backscatter: attribute {@code bounceguard.backscatter.reasons} (which
 * also keeps the guarded bounce mailets from ever bouncing it) and, by default, the header
 * {@code X-Bounceguard-Backscatter: batv-missing; relays-unknown}; counts it and logs it at INFO.
 * It reads the evidence {@code IsBackscatter} stored on the mail (computing it only when no
 * matcher did). Parameters: {@code header} (that name; empty for none).
 */
public class RecordBackscatter extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordBackscatter.class);

    private final BackscatterService service;
    private Optional<String> header;

    @Inject
    public RecordBackscatter(BackscatterService service) {
        this.service = service;
    }

    @Override
    protected Set<String> parameters() {
        return Set.of("header");
    }

    @Override
    protected void configure(Parameters parameters) {
        header = Optional.of(getInitParameter("header", BackscatterFinding.DEFAULT_HEADER).trim()).filter(name -> !name.isEmpty());
    }

    @Override
    public void service(Mail mail) {
        // the recipients that reach this mailet are the ones no source proved the bounce for
        List<String> reasons = service.evidence(mail).reasons();
        BackscatterFinding.writeQuarantined(mail, reasons, header);
        service.counters().recordQuarantined(reasons);
        LOGGER.info("Backscatter: mail {} from {} to {}: {}", mail.getName(), mail.getMaybeSender().asString(),
            mail.getRecipients(), BackscatterFinding.headerValue(reasons));
    }

    @Override
    public String getMailetInfo() {
        return "Records backscatter reasons (Bounceguard)";
    }
}
