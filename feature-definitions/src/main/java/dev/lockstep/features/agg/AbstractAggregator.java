package dev.lockstep.features.agg;

import java.util.Optional;

/** What every aggregator knows: its feature (for error messages), kind and input type. */
abstract class AbstractAggregator<I> implements Aggregator<I> {
    private final AggregationKind kind;
    private final Optional<ValueType> inputType;
    /** Built once: update() passes it to every check, and updates are the hot path. */
    private final String context;
    /** The Java class of the input type (all final classes), or null for a count of events. */
    private final Class<?> inputClass;
    private final boolean finiteOnly;
    /** The input type, or null for a count of events (a field, not the Optional: read on every update). */
    private final ValueType type;

    AbstractAggregator(String feature, AggregationKind kind, Optional<ValueType> inputType) {
        this.kind = kind;
        this.inputType = inputType;
        this.context = "feature " + feature + " (" + kind.specName() + inputType.map(t -> " of " + t).orElse("") + ")";
        this.inputClass = inputType.map(Values::javaClass).orElse(null);
        this.finiteOnly = inputType.filter(t -> t == ValueType.DOUBLE).isPresent();
        this.type = inputType.orElse(null);
    }

    @Override
    public final AggregationKind kind() {
        return kind;
    }

    /** The input type of an aggregation that reads a column. */
    final ValueType type() {
        if (type == null) {
            throw new IllegalStateException(context + " reads no column, so it has no input type");
        }
        return type;
    }

    /** "feature f (sum)", to prefix messages. */
    final String context() {
        return context;
    }

    /** Checks a value against the input type; without one (a count of events), any non-null value counts. */
    final void check(Object value) {
        // One class comparison on the hot path (Long, Double, String and Boolean are final classes);
        // anything else goes to the full check, which throws with the reason.
        if (value == null || (inputClass != null && value.getClass() != inputClass)
                || (finiteOnly && !Double.isFinite((Double) value))) {
            reject(value);
        }
    }

    /** Throws for every value that {@link #check} sends here: null, of another class, or not finite. */
    private void reject(Object value) {
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
