package org.bounceguard.services;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.bounceguard.configuration.BounceguardSettings;
import org.bounceguard.suppression.SenderDomainCheck;

import com.google.common.base.Ticker;

/**
 * The one {@link SenderDomainCheck} of a James server, on the {@code dns.*} servers: the guarded
 * bounces (is the NDR's destination routable?) and the MAIL FROM refusal (can the sender's domain
 * receive mail?) ask the same question, so they share the answers and the DNS path.
 */
@Singleton
public class SenderDomainService implements AutoCloseable {
    private final SenderDomainCheck check;

    @Inject
    public SenderDomainService(BounceguardSettings settings) {
        this(new SenderDomainCheck(settings.dns().resolver(), settings.dns().queryTimeoutOrDefault(), Ticker.systemTicker()));
    }

    public SenderDomainService(SenderDomainCheck check) {
        this.check = check;
    }

    public SenderDomainCheck check() {
        return check;
    }

    @PreDestroy
    @Override
    public void close() {
        check.close();
    }
}
