package org.bounceguard.smtp;

import java.util.Iterator;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.bounceguard.mailetbase.Parameters;

/**
 * Reads the child elements of one {@code <handler>} in {@code smtpserver.xml}: a hook refuses
 * one it does not take - a typo would otherwise be ignored - naming the nearest it does, and
 * parses its values with the same rules and messages as the mailets.
 */
final class HandlerParameters {
    private final String handler;
    private final Configuration config;

    HandlerParameters(String handler, Configuration config) {
        this.handler = handler;
        this.config = config;
    }

    /**
     * Refuses a child element not in {@code known}. James hands the handler its whole
     * {@code <handler>} element, so the {@code class} attribute (key {@code [@class]}) and any other
     * attribute of the element itself are there too: only child elements count, by their first
     * path segment ({@code zones}, {@code zones[@x]} and {@code zones.zone} are all {@code zones}).
     */
    void requireKnown(Set<String> known) throws ConfigurationException {
        Iterator<String> keys = config.getKeys();
        while (keys.hasNext()) {
            String element = childElement(keys.next());
            if (!element.isEmpty() && !known.contains(element)) {
                throw new ConfigurationException(Parameters.unknown(handler, element, known));
            }
        }
    }

    static String childElement(String key) {
        int end = 0;
        while (end < key.length() && key.charAt(end) != '.' && key.charAt(end) != '[') {
            end++;
        }
        return key.substring(0, end);
    }

    boolean bool(String parameter, boolean defaultValue) throws ConfigurationException {
        try {
            return new Parameters(handler).bool(parameter, config.getString(parameter, null), defaultValue);
        } catch (MessagingException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
