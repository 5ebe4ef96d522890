package dev.lockstep.features.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A validated feature spec: sources, feature groups and feature services, each keyed by name in
 * declaration order. Build one with {@link FeatureSpecLoader} (YAML) or {@link FeatureSpecBuilder};
 * both validate everything at once, so an instance is always consistent.
 */
public record FeatureSpec(Map<String, SourceSpec> sources,
                          Map<String, FeatureGroupSpec> groups,
                          Map<String, FeatureServiceSpec> services) {

    public FeatureSpec {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    public Optional<SourceSpec> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public Optional<FeatureGroupSpec> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public Optional<FeatureServiceSpec> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The source a group reads; always present in a validated spec. */
    public SourceSpec sourceOf(FeatureGroupSpec group) {
        SourceSpec source = sources.get(group.source());
        if (source == null) {
            throw new IllegalStateException("group " + group.name() + " names unknown source " + group.source());
        }
        return source;
    }
}
