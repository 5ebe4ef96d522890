package dev.lockstep.features.agg;

import java.util.Optional;

/** What every aggregator knows: its feature (for error messages), kind and input type. */
abstract class AbstractAggregator<I> implements Aggregator<I> {
    private final AggregationKind kind;
    private final Optional<ValueType> inputType;
    /** Built once: update() passes it to every check, and updates are the hot path. */
    private final String context;

    AbstractAggregator(String feature, AggregationKind kind, Optional<ValueType> inputType) {
        this.kind = kind;
        this.inputType = inputType;
        this.context = "feature " + feature + " (" + kind.specName() + inputType.map(t -> " of " + t).orElse("") + ")";
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
        return context;
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
