package dev.lockstep.features.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.features.agg.AggregationKind;
import java.time.Duration;

/**
 * Describes one feature group for {@link FeatureSpecBuilder#group}: the counterpart of an entry under
 * {@code feature_groups:} in YAML. Features keep the order they are added in.
 */
public final class GroupBuilder {

    private final ObjectNode node;
    private final ArrayNode features;

    GroupBuilder(ObjectNode node) {
        this.node = node;
        this.features = node.putArray("features");
    }

    /** The source the group's features read. */
    public GroupBuilder source(String source) {
        node.put("source", source);
        return this;
    }

    /** How far behind the group may fall before serving calls it stale. */
    public GroupBuilder freshness(Duration freshness) {
        node.set("freshness", FeatureSpecBuilder.duration(freshness));
        return this;
    }

    /** A count of accepted events over the window. */
    public GroupBuilder count(String name, Duration window) {
        feature(name, AggregationKind.COUNT, window);
        return this;
    }

    /** An aggregation of a column over the window. */
    public GroupBuilder feature(String name, AggregationKind aggregation, String column, Duration window) {
        feature(name, aggregation, window).put("column", column);
        return this;
    }

    /** The last {@code n} values of a column over the window, newest first. */
    public GroupBuilder lastN(String name, int n, String column, Duration window) {
        feature(name, AggregationKind.LAST_N, window).put("column", column).put("n", n);
        return this;
    }

    private ObjectNode feature(String name, AggregationKind aggregation, Duration window) {
        ObjectNode feature = features.addObject().put("name", name)
                .put("agg", aggregation == null ? null : aggregation.specName());
        feature.set("window", FeatureSpecBuilder.duration(window));
        return feature;
    }
}
