package org.bounceguard.mailetbase;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.bounceguard.backscatter.BackscatterCounters;
import org.bounceguard.services.BackscatterService;
import org.bounceguard.services.BatvService;

/** What {@code BatvSign} and {@code BatvStrip} share: the keys, which addresses sign, and the BATV counters. */
@Singleton
public class BatvMailets {
    private final BatvService batv;
    private final BackscatterCounters counters;

    @Inject
    public BatvMailets(BatvService batv, BackscatterService backscatter) {
        this(batv, backscatter.counters());
    }

    public BatvMailets(BatvService batv, BackscatterCounters counters) {
        this.batv = batv;
        this.counters = counters;
    }

    public BatvService service() {
        return batv;
    }

    public BackscatterCounters counters() {
        return counters;
    }

    /** Whether mail from or to this address carries a BATV tag: its domain signs ({@code batv.domains}, or every local domain). */
    public boolean signs(MailAddress address, MailetContext context) {
        return batv.signs(address.getDomain().asString(), context.isLocalServer(address.getDomain()));
    }
}
