package org.bounceguard.james;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import javax.mail.MessagingException;

import org.bounceguard.dnsbl.ZoneKeys;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.net.TrustedRelays;
import org.bounceguard.net.Values;

import com.google.common.collect.ImmutableSet;

/**
 * Parses matcher and mailet parameters once, at init, into values; every error names the
 * component, the parameter and what is expected, so James's start-up log says what to fix.
 */
public final class Parameters {
    /** What James's mailet container itself reads from every {@code <mailet>} element. */
    private static final Set<String> CONTAINER_PARAMETERS = ImmutableSet.of("onMailetException", "onMatchException");

    private final String component;

    public Parameters(String component) {
        this.component = component;
    }

    /**
     * Refuses a parameter the component does not know - a typo would otherwise be silently
     * ignored - naming it and the nearest one it does know.
     */
    public void requireKnown(Iterator<String> names, Set<String> known) throws MessagingException {
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name) && !CONTAINER_PARAMETERS.contains(name)) {
                throw new MessagingException(unknown(component, name, known));
            }
        }
    }

    /** What to say about a parameter {@code component} does not take: the nearest it does, and all it does. */
    public static String unknown(String component, String name, Set<String> known) {
        return component + ": unknown parameter '" + name + "'"
            + Values.nearest(name, known).map(near -> "; did you mean '" + near + "'?").orElse("")
            + (known.isEmpty() ? "; it takes no parameters" : "; known: " + String.join(", ", new TreeSet<>(known)));
    }

    /** Zone specs whose {@code {name}} labels name {@code keys}. */
    public List<ZoneSpec> zones(String parameter, String value, ZoneKeys keys) throws MessagingException {
        if (value == null || value.isBlank()) {
            throw error(parameter, "is required: a list of DNSBL zones such as zen.spamhaus.org=127.0.0.[2..11]*3, bl.spamcop.net*2");
        }
        return parse(parameter, value, text -> ZoneSpec.parseList(text, keys));
    }

    public Optional<Duration> optionalDuration(String parameter, String value) throws MessagingException {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(parameter, value, Values::positiveDuration));
    }

    public int integer(String parameter, String value) throws MessagingException {
        return integer(parameter, value, Integer.MIN_VALUE);
    }

    /** A required whole number of at least {@code min}. */
    public int integer(String parameter, String value, int min) throws MessagingException {
        if (value == null || value.isBlank()) {
            throw error(parameter, "is required: a whole number");
        }
        return parse(parameter, value, text -> Values.wholeNumber(text, min, Integer.MAX_VALUE));
    }

    public boolean bool(String parameter, String value, boolean defaultValue) throws MessagingException {
        return value == null || value.isBlank() ? defaultValue : parse(parameter, value, Values::bool);
    }

    public TrustedRelays trustedRelays(String parameter, String value) throws MessagingException {
        return value == null || value.isBlank() ? TrustedRelays.NONE : parse(parameter, value, TrustedRelays::parse);
    }

    /** Applies {@code parser}; its {@link IllegalArgumentException} comes back naming the component and parameter. */
    public <T> T parse(String parameter, String value, Function<String, T> parser) throws MessagingException {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw error(parameter, e.getMessage());
        }
    }

    public MessagingException error(String parameter, String problem) {
        return new MessagingException(component + ": parameter '" + parameter + "' " + problem);
    }
}
