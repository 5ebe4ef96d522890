package dev.lockstep.features.agg;

import java.util.Optional;

/** What every aggregator knows: its feature (for error messages), kind and input type. */
abstract class AbstractAggregator<I> implements Aggregator<I> {
    private final String feature;
    private final AggregationKind kind;
    private final Optional<ValueType> inputType;

    AbstractAggregator(String feature, AggregationKind kind, Optional<ValueType> inputType) {
        this.feature = feature;
        this.kind = kind;
        this.inputType = inputType;
    }

    @Override
    public final AggregationKind kind() {
        return kind;
    }

    /** The input type of an aggregation that reads a column. */
    final ValueType type() {
        return inputType.orElseThrow();
    }

    /** "feature f (sum)", to prefix messages. */
    final String context() {
        return "feature " + feature + " (" + kind.specName() + inputType.map(t -> " of " + t).orElse("") + ")";
    }

    /** Checks a value against the input type; without one (a count of events), any non-null value counts. */
    final void check(Object value) {
        if (inputType.isPresent()) {
            Values.check(inputType.get(), value, context());
        } else if (value == null) {
            throw new IllegalArgumentException(context() + ": null value; pass Boolean.TRUE to count an event");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + context() + "]";
    }
}
