package org.bounceguard.james;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.bounceguard.dnsbl.ZoneKeys;
import org.bounceguard.dnsbl.ZoneSpec;
import org.bounceguard.net.DomainNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * What {@code mailetcontainer.xml} declares that a Bounceguard component must agree with: the
 * processors there are (a WebAdmin release names one) and the zones the {@code DnsblCheck}
 * mailets look up, by display name (a {@code DnsblListed} condition names them). Read from James's
 * own configuration, as James reads it; empty when it cannot be read, and the callers then check
 * nothing rather than refuse what may be right.
 */
public record MailetContainerLayout(List<String> processors, Set<String> dnsblCheckZones) {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailetContainerLayout.class);
    private static final String DNSBL_CHECK = "DnsblCheck";

    public static Optional<MailetContainerLayout> read(ConfigurationProvider configurationProvider, ZoneKeys zoneKeys) {
        try {
            return Optional.of(of(configurationProvider.getConfiguration("mailetcontainer"), zoneKeys));
        } catch (Exception e) {
            LOGGER.warn("Could not read mailetcontainer.xml: processor and zone names are not checked ({})", e.getMessage());
            return Optional.empty();
        }
    }

    static MailetContainerLayout of(HierarchicalConfiguration<ImmutableNode> mailetContainer, ZoneKeys zoneKeys) {
        ImmutableList.Builder<String> processors = ImmutableList.builder();
        ImmutableSet.Builder<String> zones = ImmutableSet.builder();
        for (HierarchicalConfiguration<ImmutableNode> processor : mailetContainer.configurationsAt("processors.processor")) {
            processors.add(processor.getString("[@state]", ""));
            for (HierarchicalConfiguration<ImmutableNode> mailet : processor.configurationsAt("mailet")) {
                String className = mailet.getString("[@class]", "");
                if (className.substring(className.lastIndexOf('.') + 1).equals(DNSBL_CHECK)) {
                    try {
                        ZoneSpec.parseList(String.join(",", mailet.getList(String.class, "zones", List.of())), zoneKeys)
                            .forEach(spec -> zones.add(DomainNames.fold(spec.zone())));
                    } catch (RuntimeException e) {
                        // DnsblCheck refuses the same text at its own start, naming the mistake
                    }
                }
            }
        }
        return new MailetContainerLayout(processors.build(), zones.build());
    }
}
