package dev.lockstep.features.spec;

import java.util.Objects;

/** A feature named by its group, as {@code group.feature}. */
public record FeatureRef(String group, String feature) {

    public FeatureRef {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(feature, "feature");
    }

    @Override
    public String toString() {
        return group + "." + feature;
    }
}
