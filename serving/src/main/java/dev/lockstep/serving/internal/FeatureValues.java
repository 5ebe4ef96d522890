package dev.lockstep.serving.internal;

import java.util.Map;

/**
 * The feature values of some entities of one service at one read time, as the engine's window read
 * computed them, with each group's freshness. Keyed group, then entity key, then feature name.
 */
public record FeatureValues(long readTimeMillis, Map<String, GroupStatus> statuses,
        Map<String, Map<String, Map<String, Object>>> values, Map<String, Map<String, Boolean>> hasTiles) {

    /** The value of {@code group.feature} for the entity whose key in that group is {@code key}; null when empty. */
    public Object value(String group, String key, String feature) {
        return values.get(group).get(key).get(feature);
    }

    /** Whether the entity has any tile in the group (otherwise its features are {@code missing}). */
    public boolean hasTiles(String group, String key) {
        return hasTiles.get(group).get(key);
    }

    public GroupStatus status(String group) {
        return statuses.get(group);
    }
}
