package org.bounceguard.mailets;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.bounceguard.backscatter.batv.BatvTag;
import org.bounceguard.mailetbase.BatvMailets;
import org.bounceguard.mailetbase.BounceguardMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the envelope sender of mail leaving for remote domains with a BATV tag
 * ({@code prvs=KDDDSSSSSS=user@domain}), so that bounces can later prove they answer mail we sent.
 * The header {@code From:} is never touched. Place it just before {@code RemoteDelivery}, with the
 * same matcher. Mail from domains that do not sign (see {@code batv.domains}) and the null sender
 * pass unchanged.
 */
public class BatvSign extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(BatvSign.class);

    private final BatvMailets batv;

    @Inject
    public BatvSign(BatvMailets batv) {
        this.batv = batv;
    }

    @Override
    public void service(Mail mail) {
        mail.getMaybeSender().asOptional()
            .filter(sender -> !BatvTag.hasPrefix(sender.asString()))
            .filter(sender -> batv.signs(sender, getMailetContext()))
            .ifPresent(sender -> sign(mail, sender));
    }

    private void sign(Mail mail, MailAddress sender) {
        if (!(mail instanceof MailImpl impl)) {
            LOGGER.warn("Mail {} cannot have its envelope sender changed ({}); sent without a BATV tag", mail.getName(), mail.getClass().getName());
            return;
        }
        try {
            impl.setSender(new MailAddress(batv.service().sign(sender.asString())));
            batv.counters().recordSigned();
        } catch (IllegalArgumentException | AddressException e) {
            // quoted local parts and other exotic senders go out unsigned rather than not at all
            LOGGER.info("Mail {} from {} sent without a BATV tag: {}", mail.getName(), sender.asString(), e.getMessage());
        }
    }

    @Override
    public String getMailetInfo() {
        return "BATV signing of the envelope sender (Bounceguard)";
    }
}
