package org.bounceguard.findings;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * The value shapes the findings use - strings, numbers, lists of strings, maps of those - written
 * as plain {@link AttributeValue}s, which survive James's queues and show in WebAdmin, and read
 * back tolerantly: a value of another shape (another mailet's, an older version's) reads as absent.
 */
final class MailAttributes {
    private MailAttributes() {
    }

    static void set(Mail mail, AttributeName name, AttributeValue<?> value) {
        mail.setAttribute(new Attribute(name, value));
    }

    static AttributeValue<?> strings(Collection<String> values) {
        return AttributeValue.of(values.stream()
            .map(value -> (AttributeValue<?>) AttributeValue.of(value))
            .collect(ImmutableList.toImmutableList()));
    }

    static AttributeValue<?> stringMap(Map<String, String> values) {
        Map<String, AttributeValue<?>> map = new LinkedHashMap<>();
        values.forEach((key, value) -> map.put(key, AttributeValue.of(value)));
        return AttributeValue.of(map);
    }

    static AttributeValue<?> stringListMap(Map<String, List<String>> values) {
        Map<String, AttributeValue<?>> map = new LinkedHashMap<>();
        values.forEach((key, list) -> map.put(key, strings(list)));
        return AttributeValue.of(map);
    }

    static Optional<Object> raw(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::value);
    }

    static Optional<String> string(Mail mail, AttributeName name) {
        return raw(mail, name).map(String::valueOf);
    }

    static Optional<Integer> integer(Mail mail, AttributeName name) {
        return raw(mail, name).filter(Integer.class::isInstance).map(Integer.class::cast);
    }

    static List<String> strings(Mail mail, AttributeName name) {
        return raw(mail, name).map(MailAttributes::strings).orElse(List.of());
    }

    /** The keys of a map attribute, in their order. */
    static List<String> keys(Mail mail, AttributeName name) {
        return raw(mail, name).filter(Map.class::isInstance)
            .map(map -> ((Map<?, ?>) map).keySet().stream().map(String::valueOf).collect(ImmutableList.toImmutableList()))
            .orElse(ImmutableList.of());
    }

    static Map<String, String> stringMap(Mail mail, AttributeName name) {
        return raw(mail, name).filter(Map.class::isInstance).map(map -> {
            ImmutableMap.Builder<String, String> values = ImmutableMap.builder();
            ((Map<?, ?>) map).forEach((key, value) -> values.put(String.valueOf(key), String.valueOf(unwrap(value))));
            return (Map<String, String>) values.buildKeepingLast();
        }).orElse(Map.of());
    }

    static Map<String, List<String>> stringListMap(Mail mail, AttributeName name) {
        return raw(mail, name).filter(Map.class::isInstance).map(map -> {
            ImmutableMap.Builder<String, List<String>> values = ImmutableMap.builder();
            ((Map<?, ?>) map).forEach((key, value) -> values.put(String.valueOf(key), strings(unwrap(value))));
            return (Map<String, List<String>>) values.buildKeepingLast();
        }).orElse(Map.of());
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof Collection<?> collection)) {
            return List.of();
        }
        return collection.stream().map(MailAttributes::unwrap).map(String::valueOf).collect(ImmutableList.toImmutableList());
    }

    private static Object unwrap(Object value) {
        return value instanceof AttributeValue<?> attributeValue ? attributeValue.value() : value;
    }
}
