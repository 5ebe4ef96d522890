package dev.lockstep.serving.internal;

import dev.lockstep.features.engine.GroupPlan;
import dev.lockstep.features.spec.SourceSpec;
import java.util.List;

/**
 * One feature group as a service reads it: the engine's plan (the only thing that turns tiles into
 * values), the group's source (entity key field, topic whose heartbeats give the age) and the subset of
 * its features the service asks for, in service order.
 */
public record ServedGroup(GroupPlan plan, SourceSpec source, List<String> features) {

    public ServedGroup {
        features = List.copyOf(features);
    }

    public String name() {
        return plan.name();
    }

    /** The request field that carries this group's entity key, e.g. {@code card_id}. */
    public String entityField() {
        return source.entityKey();
    }

    public long freshnessMillis() {
        return plan.spec().freshness().toMillis();
    }
}
