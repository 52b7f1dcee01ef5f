package org.bounceguard.metrics.jmx;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Bounceguard's MBeans on the platform MBean server (where James's own live, and what
 * James's JMX connector exports) and unregisters them all on {@link #close()}. A name left over by
 * a previous server in the same JVM is replaced rather than failing the start.
 */
public final class MBeans implements AutoCloseable {
    public static final String DOMAIN = "org.bounceguard";
    private static final Logger LOGGER = LoggerFactory.getLogger(MBeans.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();

    public static ObjectName name(String type) {
        return objectName(DOMAIN + ":type=" + type);
    }

    public static ObjectName name(String type, String name) {
        // zone names are plain LDH labels, valid unquoted; anything else is quoted
        String value = name.matches("[A-Za-z0-9._-]+") ? name : ObjectName.quote(name);
        return objectName(DOMAIN + ":type=" + type + ",name=" + value);
    }

    public void register(ObjectName name, Object mbean) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(mbean, name);
            registered.add(name);
        } catch (JMException e) {
            // monitoring must never stop mail: log and go on
            LOGGER.warn("Could not register MBean {}", name, e);
        }
    }

    public boolean isRegistered(ObjectName name) {
        return registered.contains(name);
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOGGER.debug("MBean {} was already gone", name);
            }
        }
        registered.clear();
    }

    private static ObjectName objectName(String text) {
        try {
            return new ObjectName(text);
        } catch (JMException e) {
            throw new IllegalArgumentException("bad MBean name " + text, e);
        }
    }
}
