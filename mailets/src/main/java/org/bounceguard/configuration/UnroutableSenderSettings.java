package org.bounceguard.configuration;

import org.bounceguard.net.Values;
import org.bounceguard.suppression.UnroutableSenderPolicy;

/**
 * {@code unroutableSender.*}: whether {@code smtp.UnroutableSenderRefusal} refuses at all (it does
 * when declared in {@code smtpserver.xml}, unless {@code enabled=false}), and the reply code for a
 * sender domain that does not exist or has no mail host ({@code 450} unless set).
 */
public record UnroutableSenderSettings(boolean enabled, UnroutableSenderPolicy policy) {
    static UnroutableSenderSettings read(SettingsText text) {
        return new UnroutableSenderSettings(
            text.bool("unroutableSender.enabled").orElse(true),
            new UnroutableSenderPolicy(text.value("unroutableSender.unknownDomainCode")
                .map(code -> text.parse("unroutableSender.unknownDomainCode", code, UnroutableSenderSettings::replyCode))
                .orElse(UnroutableSenderPolicy.DEFAULT_UNKNOWN_DOMAIN_CODE)));
    }

    private static int replyCode(String text) {
        long code = Values.wholeNumber(text);
        if (!UnroutableSenderPolicy.isAllowedCode((int) Math.max(0, Math.min(code, 1000)))) {
            throw new IllegalArgumentException("expected a reply code from 450 to 459 (try again later) or from 550 to 559 (refused)");
        }
        return (int) code;
    }
}
