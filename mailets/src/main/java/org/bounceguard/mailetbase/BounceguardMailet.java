package org.bounceguard.mailetbase;

import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.base.GenericMailet;

/**
 * The base of Bounceguard's mailets: each declares the parameters it takes, and {@link #init()}
 * refuses any other - a misspelt parameter stops James's start-up, naming the mailet, the
 * parameter and the nearest one it knows - before the mailet reads its own.
 */
public abstract class BounceguardMailet extends GenericMailet {
    /** The name errors and logs give the mailet: its class's simple name, as operators write it. */
    protected String name() {
        return getClass().getSimpleName();
    }

    /** The parameters this mailet reads; none by default. */
    protected Set<String> parameters() {
        return Set.of();
    }

    /** Reads the parameters into values, once; called by {@link #init()} after the names were checked. */
    protected void configure(Parameters parameters) throws MessagingException {
    }

    @Override
    public final void init() throws MessagingException {
        Parameters parameters = new Parameters(name());
        parameters.requireKnown(getInitParameterNames(), parameters());
        configure(parameters);
    }
}
