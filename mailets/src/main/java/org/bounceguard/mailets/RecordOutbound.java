package org.bounceguard.mailets;

import java.util.LinkedHashSet;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.mailet.Mail;
import org.bounceguard.backscatter.batv.BatvVerifier;
import org.bounceguard.james.BounceguardMailet;
import org.bounceguard.james.OutboundLedgerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a mail leaving for remote domains in the outbound ledger: a keyed hash of its
 * Message-ID with each address a bounce may legitimately come back to - the envelope sender
 * (without its BATV tag) and the {@code From:} addresses - never the content. Place it just
 * before {@code BatvSign} / {@code RemoteDelivery}, with the same matcher. Mail with the null
 * sender (our own NDRs) and mail without a Message-ID are not recorded; recording never stops a
 * mail.
 */
public class RecordOutbound extends BounceguardMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordOutbound.class);

    private final OutboundLedgerService ledger;

    @Inject
    public RecordOutbound(OutboundLedgerService ledger) {
        this.ledger = ledger;
    }

    @Override
    public void service(Mail mail) {
        if (mail.getMaybeSender().isNullSender()) {
            return;
        }
        try {
            Set<String> returnAddresses = new LinkedHashSet<>();
            mail.getMaybeSender().asOptional().map(sender -> sender.asString())
                .map(sender -> BatvVerifier.stripTag(sender).orElse(sender))
                .ifPresent(returnAddresses::add);
            returnAddresses.addAll(fromAddresses(mail));
            ledger.record(mail.getMessage().getMessageID(), returnAddresses);
        } catch (MessagingException | RuntimeException e) {
            // the ledger is evidence for later; the mail goes out regardless
            LOGGER.warn("Mail {} could not be recorded in the outbound ledger: {}", mail.getName(), e.toString());
        }
    }

    private static Set<String> fromAddresses(Mail mail) throws MessagingException {
        Set<String> addresses = new LinkedHashSet<>();
        String[] from = mail.getMessage().getHeader("From");
        if (from == null) {
            return addresses;
        }
        for (String header : from) {
            try {
                for (Address address : InternetAddress.parseHeader(header, false)) {
                    if (address instanceof InternetAddress internet && internet.getAddress() != null) {
                        addresses.add(internet.getAddress());
                    }
                }
            } catch (MessagingException e) {
                // an unparsable From: records the envelope sender only
            }
        }
        return addresses;
    }

    @Override
    public String getMailetInfo() {
        return "Records relayed mail in the outbound ledger (Bounceguard)";
    }
}
