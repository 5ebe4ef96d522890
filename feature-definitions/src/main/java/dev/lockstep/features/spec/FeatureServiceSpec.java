package dev.lockstep.features.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A named set of features served together, optionally to a model, with a staleness policy. */
public record FeatureServiceSpec(String name, List<FeatureRef> features, Optional<String> model,
                                 StalenessPolicy stalenessPolicy) {

    public FeatureServiceSpec {
        Objects.requireNonNull(name, "name");
        features = List.copyOf(features);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(stalenessPolicy, "stalenessPolicy");
    }
}
