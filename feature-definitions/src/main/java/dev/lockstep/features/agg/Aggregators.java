package dev.lockstep.features.agg;

import dev.lockstep.features.FeatureException;
import dev.lockstep.features.spec.FeatureDefinition;
import java.util.Optional;

/**
 * Builds the {@link Aggregator} of a feature. Finalized values by aggregation:
 * <table>
 *   <caption>finalizeValue</caption>
 *   <tr><th>aggregation</th><th>value</th><th>empty</th></tr>
 *   <tr><td>count</td><td>Long</td><td>0</td></tr>
 *   <tr><td>sum</td><td>Long for LONG input (overflow throws), Double for DOUBLE input (exact sum, rounded once)</td><td>0 / 0.0</td></tr>
 *   <tr><td>min, max</td><td>the input's type; doubles by {@link Double#compare}, so -0.0 &lt; 0.0</td><td>null</td></tr>
 *   <tr><td>mean, variance (population), stddev</td><td>Double, from exact sums, rounded once</td><td>null</td></tr>
 *   <tr><td>first, last</td><td>value of the smallest / greatest {@code EventOrder}</td><td>null</td></tr>
 *   <tr><td>count_distinct</td><td>Long, the rounded HLL estimate</td><td>0</td></tr>
 *   <tr><td>last_n</td><td>List of the n newest values, newest first</td><td>empty list</td></tr>
 * </table>
 */
public final class Aggregators {
    private Aggregators() {
    }

    /**
     * The aggregator of a feature.
     *
     * @throws FeatureException naming the feature when its aggregation does not fit its input type, a
     *                          column is missing, or last_n has no positive n
     */
    public static Aggregator<?> forFeature(FeatureDefinition feature) {
        String name = feature.name();
        AggregationKind kind = feature.aggregation();
        Optional<ValueType> inputType = feature.inputType();
        if (inputType.isEmpty()) {
            if (kind.requiresColumn()) {
                throw new FeatureException("feature " + name + ": aggregation " + kind.specName() + " needs a column");
            }
            return new CountAggregator(name, Optional.empty());
        }
        ValueType type = inputType.get();
        if (!kind.accepts(type)) {
            throw new FeatureException("feature " + name + ": aggregation " + kind.specName()
                    + " does not accept column " + feature.column().orElse("?") + " of type " + type);
        }
        return switch (kind) {
            case COUNT -> new CountAggregator(name, inputType);
            case SUM -> type == ValueType.LONG ? new LongSumAggregator(name) : new DoubleSumAggregator(name);
            case MIN, MAX -> new ExtremumAggregator(name, kind, type);
            case MEAN, VARIANCE, STDDEV -> new MomentsAggregator(name, kind, type);
            case FIRST, LAST -> new FirstLastAggregator(name, kind, type);
            case COUNT_DISTINCT -> new CountDistinctAggregator(name, type);
            case LAST_N -> {
                if (feature.n() < 1) {
                    throw new FeatureException("feature " + name + ": last_n needs n >= 1, got " + feature.n());
                }
                yield new LastNAggregator(name, type, feature.n());
            }
        };
    }
}
