package org.bounceguard.services;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.utils.UserDefinedStartable;
import org.bounceguard.configuration.BounceguardSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, reads {@code mailetcontainer.xml} for ways to answer a sender past Bounceguard
 * ({@link BouncePaths}) and logs one WARN per finding, naming the processor and the fix; with
 * {@code ndr.paths.strict=true} in {@code bounceguard.properties} James refuses to start instead.
 * Enabled by {@code guice.extension.startable=org.bounceguard.services.BouncePathAudit} in
 * {@code conf/extensions.properties}.
 */
public class BouncePathAudit implements UserDefinedStartable {
    static final String STRICT_KEY = "ndr.paths.strict";
    private static final Logger LOGGER = LoggerFactory.getLogger(BouncePathAudit.class);

    private final ConfigurationProvider configurationProvider;
    private final BounceguardSettings settings;

    @Inject
    public BouncePathAudit(ConfigurationProvider configurationProvider, BounceguardSettings settings) {
        this.configurationProvider = configurationProvider;
        this.settings = settings;
    }

    @Override
    public void start() {
        List<BouncePaths.Finding> findings;
        try {
            findings = BouncePaths.unguarded(processors(configurationProvider.getConfiguration("mailetcontainer")));
        } catch (Exception e) {
            // James reads the same file and reports its errors itself
            LOGGER.warn("Could not read mailetcontainer.xml to look for unguarded bounce paths", e);
            return;
        }
        boolean strict = settings.ndr().strictPaths();
        if (strict && !findings.isEmpty()) {
            throw new IllegalStateException("Bounceguard refuses to start (" + STRICT_KEY + "=true): unguarded bounce path"
                + (findings.size() > 1 ? "s" : "") + ": " + findings.stream().map(BouncePaths.Finding::message).collect(Collectors.joining("; ")));
        }
        if (findings.isEmpty()) {
            LOGGER.info("Every bounce path of mailetcontainer.xml is guarded by Bounceguard");
        }
        findings.forEach(finding -> LOGGER.warn("Unguarded bounce path in {}", finding.message()));
    }

    static List<BouncePaths.Processor> processors(HierarchicalConfiguration<ImmutableNode> mailetContainer) {
        List<BouncePaths.Processor> processors = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> processor : mailetContainer.configurationsAt("processors.processor")) {
            List<BouncePaths.Mailet> mailets = new ArrayList<>();
            for (HierarchicalConfiguration<ImmutableNode> mailet : processor.configurationsAt("mailet")) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (Iterator<String> keys = mailet.getKeys(); keys.hasNext(); ) {
                    String key = keys.next();
                    if (!key.startsWith("[@")) {
                        parameters.put(key, mailet.getString(key, ""));
                    }
                }
                mailets.add(new BouncePaths.Mailet(mailet.getString("[@class]", ""), parameters));
            }
            processors.add(new BouncePaths.Processor(processor.getString("[@state]", "?"), mailets));
        }
        return processors;
    }
}
