package dev.lockstep.features.agg;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Mean and variance finalize from the nonzero spans of their exact sums, at whatever power of two those
 * spans sit: each must equal the exact rational rounded once (an independent BigDecimal reference), for
 * values far apart in magnitude, cancelling, subnormal or huge, of both input types.
 */
class MomentsProperties {

    @Provide
    Arbitrary<List<Double>> doubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<Double> amounts = Arbitraries.integers().between(-3_000_000, 3_000_000).map(cents -> cents / 100.0);
        Arbitrary<Double> extremes = Arbitraries.of(1e16, -1e16, 1.0, 0.1, -0.3, 1e150, -1e150, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, -0.0, 0x1p-53, 1e-300);
        return Arbitraries.frequencyOf(Tuple.of(2, anyBits), Tuple.of(4, amounts), Tuple.of(2, extremes))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Long>> longs() {
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.longs()),
                        Tuple.of(3, Arbitraries.longs().between(-1000, 1000)),
                        Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L << 40)))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 400)
    void shouldFinalizeDoubleMeanAndVarianceAsTheRoundedExactRational(@ForAll("doubles") List<Double> values) {
        assertExact(ValueType.DOUBLE, values.stream().map(v -> (Object) v).toList());
    }

    @Property(tries = 300)
    void shouldFinalizeLongMeanAndVarianceAsTheRoundedExactRational(@ForAll("longs") List<Long> values) {
        assertExact(ValueType.LONG, values.stream().map(v -> (Object) v).toList());
    }

    private static void assertExact(ValueType type, List<Object> values) {
        BigDecimal n = BigDecimal.valueOf(values.size());
        BigDecimal s1 = BigDecimal.ZERO;
        BigDecimal s2 = BigDecimal.ZERO;
        for (Object value : values) {
            BigDecimal x = value instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) value);
            s1 = s1.add(x);
            s2 = s2.add(x.multiply(x));
        }
        double mean = ReferenceRounding.nearest(s1, n);
        double variance = ReferenceRounding.nearest(n.multiply(s2).subtract(s1.multiply(s1)), n.multiply(n));

        assertThat(bits(TestFeatures.finalized(TestFeatures.aggregator(AggregationKind.MEAN, type), values.toArray())))
                .as("mean of %s", values).isEqualTo(bits(mean));
        assertThat(bits(TestFeatures.finalized(TestFeatures.aggregator(AggregationKind.VARIANCE, type), values.toArray())))
                .as("variance of %s", values).isEqualTo(bits(variance));
        assertThat(bits(TestFeatures.finalized(TestFeatures.aggregator(AggregationKind.STDDEV, type), values.toArray())))
                .as("stddev of %s", values).isEqualTo(bits(Math.sqrt(variance)));
    }

    private static long bits(Object value) {
        return Double.doubleToRawLongBits((Double) value);
    }
}
