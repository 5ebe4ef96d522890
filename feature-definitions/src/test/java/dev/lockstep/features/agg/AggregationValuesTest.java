package dev.lockstep.features.agg;

import static dev.lockstep.features.agg.AggregationKind.*;
import static dev.lockstep.features.agg.TestFeatures.aggregator;
import static dev.lockstep.features.agg.TestFeatures.finalized;
import static dev.lockstep.features.agg.TestFeatures.fold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.features.FeatureException;
import dev.lockstep.features.event.EventOrder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exact expected finalized values, per aggregation. */
class AggregationValuesTest {

    @Test
    void shouldFinalizeEmptyIrsToTheDocumentedDefaults() {
        assertThat(finalized(aggregator(COUNT, null))).isEqualTo(0L);
        assertThat(finalized(aggregator(SUM, ValueType.LONG))).isEqualTo(0L);
        assertThat(finalized(aggregator(SUM, ValueType.DOUBLE))).isEqualTo(0.0);
        assertThat(finalized(aggregator(MIN, ValueType.STRING))).isNull();
        assertThat(finalized(aggregator(MAX, ValueType.DOUBLE))).isNull();
        assertThat(finalized(aggregator(MEAN, ValueType.LONG))).isNull();
        assertThat(finalized(aggregator(VARIANCE, ValueType.DOUBLE))).isNull();
        assertThat(finalized(aggregator(STDDEV, ValueType.DOUBLE))).isNull();
        assertThat(finalized(aggregator(FIRST, ValueType.BOOLEAN))).isNull();
        assertThat(finalized(aggregator(LAST, ValueType.LONG))).isNull();
        assertThat(finalized(aggregator(COUNT_DISTINCT, ValueType.STRING))).isEqualTo(0L);
        assertThat(finalized(aggregator(LAST_N, ValueType.LONG))).isEqualTo(List.of());
    }

    @Test
    void shouldCountEventsAndValues() {
        assertThat(finalized(aggregator(COUNT, null), true, true, true)).isEqualTo(3L);
        assertThat(finalized(aggregator(COUNT, ValueType.STRING), "a", "a")).isEqualTo(2L);
    }

    @Test
    void shouldSumLongsExactly() {
        assertThat(finalized(aggregator(SUM, ValueType.LONG), 5L, -7L, 1L)).isEqualTo(-1L);
        assertThat(finalized(aggregator(SUM, ValueType.LONG), Long.MAX_VALUE, 1L, -1L)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldThrowOverflowNamingTheFeatureWhenLongSumLeavesLongRange() {
        assertThatThrownBy(() -> finalized(aggregator(SUM, ValueType.LONG), Long.MAX_VALUE, 1L))
                .isInstanceOf(AggregationOverflowException.class)
                .hasMessageContaining("sum_long").hasMessageContaining("9223372036854775808");
        assertThatThrownBy(() -> finalized(aggregator(SUM, ValueType.LONG), Long.MIN_VALUE, -1L))
                .isInstanceOf(AggregationOverflowException.class).hasMessageContaining("-9223372036854775809");
    }

    @Test
    void shouldSumDoublesExactlyAndRoundOnce() {
        assertThat(finalized(aggregator(SUM, ValueType.DOUBLE), 1e308, 1e308, -1e308)).isEqualTo(1e308);
        assertThat(finalized(aggregator(SUM, ValueType.DOUBLE), 1e16, 1.0, -1e16)).isEqualTo(1.0);
        assertThat(finalized(aggregator(SUM, ValueType.DOUBLE), Double.MIN_VALUE, Double.MIN_VALUE)).isEqualTo(2 * Double.MIN_VALUE);
    }

    @Test
    void shouldOrderNegativeZeroBeforeZeroForMinAndMax() {
        assertThat(Double.doubleToRawLongBits((Double) finalized(aggregator(MIN, ValueType.DOUBLE), 0.0, -0.0)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits((Double) finalized(aggregator(MAX, ValueType.DOUBLE), -0.0, 0.0, -0.0)))
                .isEqualTo(0L);
        assertThat(finalized(aggregator(MIN, ValueType.LONG), 3L, Long.MIN_VALUE, 9L)).isEqualTo(Long.MIN_VALUE);
        assertThat(finalized(aggregator(MAX, ValueType.STRING), "b", "ab", "ba")).isEqualTo("ba");
    }

    @Test
    void shouldComputeMeanVarianceAndStddevFromExactSums() {
        assertThat(finalized(aggregator(MEAN, ValueType.LONG), 1L, 2L)).isEqualTo(1.5);
        assertThat(finalized(aggregator(MEAN, ValueType.DOUBLE), 1e308, 1e308)).isEqualTo(1e308);
        assertThat(finalized(aggregator(VARIANCE, ValueType.DOUBLE), 1.0, 2.0, 3.0, 4.0)).isEqualTo(1.25);
        assertThat(finalized(aggregator(STDDEV, ValueType.LONG), 2L, 4L, 4L, 4L, 5L, 5L, 7L, 9L)).isEqualTo(2.0);
        // Catastrophic cancellation for naive formulas: a huge offset with a variance of exactly 0.25.
        assertThat(finalized(aggregator(VARIANCE, ValueType.DOUBLE), 1e9 + 0.5, 1e9 + 1.0, 1e9 + 0.5, 1e9 + 1.0)).isEqualTo(0.0625);
        assertThat(finalized(aggregator(VARIANCE, ValueType.LONG), Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(0x1p126);
        assertThat(finalized(aggregator(VARIANCE, ValueType.DOUBLE), 7.25)).isEqualTo(0.0);
        assertThat(finalized(aggregator(VARIANCE, ValueType.DOUBLE), 1e100, -1e100)).isEqualTo(1e100 * 1e100); // x*x is correctly rounded too
        assertThat(finalized(aggregator(VARIANCE, ValueType.DOUBLE), 1e200, -1e200)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void shouldKeepVarianceOfSubnormalsExact() {
        double tiny = Double.MIN_VALUE;
        // values 0 and 2 ulp: mean 1 ulp, variance 1 ulp^2 = 2^-2148, far below the double range: rounds to 0.
        assertThat(finalized(aggregator(VARIANCE, ValueType.DOUBLE), 0.0, 2 * tiny)).isEqualTo(0.0);
        assertThat(finalized(aggregator(MEAN, ValueType.DOUBLE), 0.0, 2 * tiny)).isEqualTo(tiny);
    }

    @Test
    void shouldPickFirstAndLastByEventOrderNotByUpdateOrder() {
        Aggregator<Object> first = aggregator(FIRST, ValueType.STRING);
        Aggregator<Object> last = aggregator(LAST, ValueType.STRING);
        Object f = first.prepare();
        Object l = last.prepare();
        for (Object[] e : new Object[][] {{"late", new EventOrder(10, 11, 0, 1)}, {"early", new EventOrder(5, 20, 0, 2)},
                {"tie-later-arrival", new EventOrder(10, 12, 0, 0)}}) {
            first.update(f, e[0], (EventOrder) e[1]);
            last.update(l, e[0], (EventOrder) e[1]);
        }
        assertThat(first.finalizeValue(f)).isEqualTo("early");
        assertThat(last.finalizeValue(l)).isEqualTo("tie-later-arrival");
    }

    @Test
    void shouldKeepTheNNewestValuesNewestFirst() {
        assertThat(finalized(aggregator(LAST_N, ValueType.LONG), 1L, 2L, 3L, 4L, 5L)).isEqualTo(List.of(5L, 4L, 3L));
        assertThat(finalized(aggregator(LAST_N, ValueType.BOOLEAN), true)).isEqualTo(List.of(true));
    }

    @Test
    void shouldCountDistinctValuesIncludingTheEmptyString() {
        assertThat(finalized(aggregator(COUNT_DISTINCT, ValueType.STRING), "a", "b", "a", "")).isEqualTo(3L);
        assertThat(finalized(aggregator(COUNT_DISTINCT, ValueType.BOOLEAN), true, false, true)).isEqualTo(2L);
    }

    @Test
    void shouldRejectNanInfinityAndWrongTypes() {
        Aggregator<Object> sum = aggregator(SUM, ValueType.DOUBLE);
        Object ir = sum.prepare();
        assertThatThrownBy(() -> sum.update(ir, Double.NaN, TestFeatures.at(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum_double");
        assertThatThrownBy(() -> sum.update(ir, Double.POSITIVE_INFINITY, TestFeatures.at(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sum.update(ir, 1L, TestFeatures.at(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Double");
        assertThatThrownBy(() -> fold(aggregator(MAX, ValueType.DOUBLE), Double.NEGATIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAggregationsThatDoNotFitTheInputType() {
        var sumOfStrings = new dev.lockstep.features.spec.FeatureDefinition("total", SUM, Optional.of("name"),
                Optional.of(ValueType.STRING), Duration.ofHours(1), 0);
        assertThatThrownBy(() -> Aggregators.forFeature(sumOfStrings)).isInstanceOf(FeatureException.class)
                .hasMessageContaining("total").hasMessageContaining("STRING");
        var lastZero = new dev.lockstep.features.spec.FeatureDefinition("recent", LAST_N, Optional.of("x"),
                Optional.of(ValueType.LONG), Duration.ofHours(1), 0);
        assertThatThrownBy(() -> Aggregators.forFeature(lastZero)).isInstanceOf(FeatureException.class).hasMessageContaining("recent");
        var minWithoutColumn = new dev.lockstep.features.spec.FeatureDefinition("m", MIN, Optional.empty(), Optional.empty(),
                Duration.ofHours(1), 0);
        assertThatThrownBy(() -> Aggregators.forFeature(minWithoutColumn)).isInstanceOf(FeatureException.class).hasMessageContaining("column");
    }
}
