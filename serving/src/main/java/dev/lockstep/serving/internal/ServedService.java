package dev.lockstep.serving.internal;

import dev.lockstep.features.spec.FeatureRef;
import dev.lockstep.features.spec.StalenessPolicy;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A feature service ready to serve: its groups, the entity fields a request must carry (one per distinct
 * source entity key) and its staleness policy.
 *
 * @param features every feature in the order the service spec lists them; the response keeps it
 * @param model    the model the spec says this service feeds, if any
 */
public record ServedService(String name, List<ServedGroup> groups, List<FeatureRef> features,
        Set<String> entityFields, StalenessPolicy policy, Optional<String> model) {

    public ServedService {
        groups = List.copyOf(groups);
        features = List.copyOf(features);
        entityFields = Set.copyOf(entityFields);
    }
}
