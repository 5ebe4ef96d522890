package dev.lockstep.features.agg;

import dev.lockstep.features.event.EventOrder;
import dev.lockstep.features.spec.FeatureDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Feature definitions for tests: one per aggregation and accepted input type. */
final class TestFeatures {
    static final int LAST_N = 3;

    private TestFeatures() {
    }

    static FeatureDefinition feature(AggregationKind kind, ValueType type) {
        String name = kind.specName() + (type == null ? "" : "_" + type.name().toLowerCase());
        return new FeatureDefinition(name, kind, Optional.ofNullable(type).map(t -> "col"), Optional.ofNullable(type),
                Duration.ofHours(1), kind == AggregationKind.LAST_N ? LAST_N : 0);
    }

    /** Every (aggregation, input type) pair an aggregator exists for, plus COUNT without a column (type null). */
    static List<FeatureDefinition> all() {
        List<FeatureDefinition> all = new ArrayList<>();
        all.add(feature(AggregationKind.COUNT, null));
        for (AggregationKind kind : AggregationKind.values()) {
            for (ValueType type : ValueType.values()) {
                if (kind.accepts(type)) {
                    all.add(feature(kind, type));
                }
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static <I> Aggregator<I> aggregator(AggregationKind kind, ValueType type) {
        return (Aggregator<I>) Aggregators.forFeature(feature(kind, type));
    }

    static EventOrder at(long eventTime) {
        return new EventOrder(eventTime, eventTime + 1, 0, eventTime);
    }

    /** Updates a fresh IR with the values, event times 0, 1, 2, ... */
    static <I> I fold(Aggregator<I> aggregator, Object... values) {
        I ir = aggregator.prepare();
        for (int i = 0; i < values.length; i++) {
            aggregator.update(ir, values[i], at(i));
        }
        return ir;
    }

    static <I> Object finalized(Aggregator<I> aggregator, Object... values) {
        return aggregator.finalizeValue(fold(aggregator, values));
    }

    static <I> byte[] bytes(Aggregator<I> aggregator, I ir) {
        IrWriter out = new IrWriter();
        aggregator.encode(ir, out);
        return out.toByteArray();
    }
}
