package dev.lockstep.features.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Describes one feature service for {@link FeatureSpecBuilder#service}: the counterpart of an entry
 * under {@code feature_services:} in YAML. The staleness policy defaults to {@code serve_marked}.
 */
public final class ServiceBuilder {

    private final ObjectNode node;
    private final ArrayNode features;

    ServiceBuilder(ObjectNode node) {
        this.node = node;
        this.features = node.putArray("features");
    }

    /** Features as {@code group.feature}, or {@code group.*} for all of a group's in declaration order. */
    public ServiceBuilder features(String... references) {
        for (String reference : references) {
            features.add(reference);
        }
        return this;
    }

    /** The model the service feeds. */
    public ServiceBuilder model(String model) {
        node.put("model", model);
        return this;
    }

    /** What serving does with features of a stale group. */
    public ServiceBuilder staleness(StalenessPolicy policy) {
        node.putObject("staleness").put("policy", policy == null ? null : policy.specName());
        return this;
    }
}
