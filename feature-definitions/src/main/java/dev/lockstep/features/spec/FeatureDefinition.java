package dev.lockstep.features.spec;

import dev.lockstep.features.agg.AggregationKind;
import dev.lockstep.features.agg.ValueType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One feature: an aggregation of a column (or of events, for a count) over a sliding window.
 *
 * @param column    the source column read, empty only for a count of events
 * @param inputType the column's type as resolved from the source schema; empty when there is no column
 * @param n         the number of values kept by {@code last_n}; 0 for every other aggregation
 */
public record FeatureDefinition(
        String name,
        AggregationKind aggregation,
        Optional<String> column,
        Optional<ValueType> inputType,
        Duration window,
        int n) {

    public FeatureDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(window, "window");
        if (column.isPresent() != inputType.isPresent()) {
            throw new IllegalArgumentException("feature " + name + ": a column needs its input type and vice versa");
        }
    }
}
