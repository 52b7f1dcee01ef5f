package org.bounceguard.webadmin;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import javax.inject.Inject;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.bounceguard.metrics.jmx.MBeans;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /bounceguard/stats}: every attribute of every Bounceguard MBean as one JSON document,
 * {@code {"DnsblEngine": {...}, "DnsblZone": {"zen": {...}}, "NdrSuppression": {...}, ...}}. Read
 * from the MBeans themselves, so WebAdmin and JMX can never disagree.
 */
public class StatsRoutes {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final JsonTransformer json;

    @Inject
    public StatsRoutes(JsonTransformer json, Quarantine quarantine) {
        // the quarantine's MBean exists from start-up, not from the first release
        this.json = json;
    }

    void define(Service spark) {
        spark.get(BounceguardRoutes.BASE_PATH + "/stats", this::stats, json);
    }

    private Object stats(Request request, Response response) throws JMException {
        Map<String, Object> stats = new TreeMap<>();
        List<ObjectName> names = server.queryNames(new ObjectName(MBeans.DOMAIN + ":*"), null).stream()
            .sorted(Comparator.comparing(ObjectName::getCanonicalName))
            .toList();
        for (ObjectName name : names) {
            String type = name.getKeyProperty("type");
            String instance = name.getKeyProperty("name");
            Map<String, Object> attributes = attributes(name);
            if (instance == null) {
                stats.put(type, attributes);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> instances = (Map<String, Object>) stats.computeIfAbsent(type, key -> new TreeMap<String, Object>());
                instances.put(instance, attributes);
            }
        }
        response.type("application/json");
        return stats;
    }

    private Map<String, Object> attributes(ObjectName name) throws JMException {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            try {
                attributes.put(attribute.getName(), plain(server.getAttribute(name, attribute.getName())));
            } catch (JMException | RuntimeException e) {
                attributes.put(attribute.getName(), "unavailable: " + e.getClass().getSimpleName());
            }
        }
        return attributes;
    }

    /** Open MBean types (MXBean maps are TabularData) as plain JSON values. */
    private static Object plain(Object value) {
        if (value instanceof TabularData table) {
            Map<String, Object> map = new TreeMap<>();
            for (Object row : table.values()) {
                CompositeData entry = (CompositeData) row;
                map.put(String.valueOf(entry.get("key")), plain(entry.get("value")));
            }
            return map;
        }
        if (value instanceof CompositeData composite) {
            Map<String, Object> map = new TreeMap<>();
            composite.getCompositeType().keySet().forEach(key -> map.put(key, plain(composite.get(key))));
            return map;
        }
        if (value != null && value.getClass().isArray()) {
            return IntStream.range(0, Array.getLength(value)).mapToObj(index -> plain(Array.get(value, index))).toList();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(StatsRoutes::plain).toList();
        }
        return value;
    }
}
