package org.bounceguard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A real JMX RMI client, as jconsole uses, authenticated with the credentials James generated
 * into its {@code conf/jmxremote.password} (the sample conf turns JMX on, on 127.0.0.1:9999).
 */
public final class Jmx implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private Jmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    public static Jmx connect(Path jamesWorkingDirectory) throws IOException {
        return connect(jamesWorkingDirectory, 9999);
    }

    /** For a James whose {@code conf/jmx.properties} names another port (a second node). */
    public static Jmx connect(Path jamesWorkingDirectory, int port) throws IOException {
        String[] credentials = Files.readAllLines(jamesWorkingDirectory.resolve("conf/jmxremote.password")).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no credentials in jmxremote.password"))
            .split("\\s+", 2);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return new Jmx(JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, credentials)));
    }

    public Object attribute(String objectName, String attribute) throws Exception {
        return connection.getAttribute(new ObjectName(objectName), attribute);
    }

    public long longAttribute(String objectName, String attribute) throws Exception {
        return ((Number) attribute(objectName, attribute)).longValue();
    }

    public Object invoke(String objectName, String operation, Object[] arguments, String[] signature) throws Exception {
        return connection.invoke(new ObjectName(objectName), operation, arguments, signature);
    }

    /** Every MBean name the server exports, James's own included. */
    public java.util.List<String> names() throws IOException {
        return connection.queryNames(null, null).stream().map(ObjectName::getCanonicalName).sorted().toList();
    }

    /**
     * Every readable attribute of every MBean the server exports (James's and the JVM's included),
     * as "name attribute=value" lines; arrays and composite values written out in full.
     */
    public java.util.List<String> everyAttribute() throws Exception {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (ObjectName name : connection.queryNames(null, null)) {
            for (javax.management.MBeanAttributeInfo attribute : connection.getMBeanInfo(name).getAttributes()) {
                if (!attribute.isReadable()) {
                    continue;
                }
                try {
                    Object value = connection.getAttribute(name, attribute.getName());
                    String text = value instanceof Object[] array ? java.util.Arrays.deepToString(array) : String.valueOf(value);
                    lines.add(name.getCanonicalName() + " " + attribute.getName() + "=" + text);
                } catch (Exception | Error unreadable) {
                    // some JVM attributes cannot be read remotely (unsupported operations): nothing to search there
                }
            }
        }
        return lines;
    }

    public boolean isRegistered(String objectName) throws Exception {
        return connection.isRegistered(new ObjectName(objectName));
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
