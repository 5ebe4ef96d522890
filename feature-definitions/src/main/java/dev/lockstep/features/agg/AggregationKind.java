package dev.lockstep.features.agg;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The aggregations a feature can use, with the column types each accepts. */
public enum AggregationKind {
    /** Number of accepted events (or of non-null values of the column, when one is named). */
    COUNT,
    SUM,
    MIN,
    MAX,
    MEAN,
    /** Population variance. */
    VARIANCE,
    /** Population standard deviation. */
    STDDEV,
    /** Value of the earliest event in the total order (event time, arrival, partition, offset). */
    FIRST,
    /** Value of the latest event in the total order (event time, arrival, partition, offset). */
    LAST,
    /** Approximate number of distinct values (HyperLogLog). */
    COUNT_DISTINCT,
    /** The last n values in the total order, newest first. */
    LAST_N;

    /** The name used in spec files, e.g. {@code count_distinct}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AggregationKind> fromSpecName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.specName().equals(name)).findFirst();
    }

    public static String specNames() {
        return Arrays.stream(values()).map(AggregationKind::specName).collect(Collectors.joining(", "));
    }

    /** Whether this aggregation reads a column; only {@link #COUNT} may go without one. */
    public boolean requiresColumn() {
        return this != COUNT;
    }

    /** Whether this aggregation can aggregate values of the given column type. */
    public boolean accepts(ValueType type) {
        return switch (this) {
            case COUNT, FIRST, LAST, LAST_N, COUNT_DISTINCT -> true;
            case MIN, MAX -> type.isNumeric() || type == ValueType.STRING;
            case SUM, MEAN, VARIANCE, STDDEV -> type.isNumeric();
        };
    }

    /** Whether this aggregation takes the parameter {@code n}. */
    public boolean takesN() {
        return this == LAST_N;
    }
}
