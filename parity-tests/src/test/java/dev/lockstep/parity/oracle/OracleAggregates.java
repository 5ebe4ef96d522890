package dev.lockstep.parity.oracle;

import dev.lockstep.features.agg.ValueType;
import dev.lockstep.features.spec.FeatureDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * Each aggregation computed from the events in a window, from scratch, by its definition in
 * docs/semantics.md: exact BigDecimal/BigInteger arithmetic rounded once, sorting for first/last/last_n.
 *
 * <p>count_distinct is an estimate, so "the right value" is the one the contract's sketch gives: the
 * oracle uses the DataSketches library itself (HLL_8, lgK 12; a library, not engine code), feeding it each
 * value as the contract keys it (long and double as numbers, strings as UTF-8, the empty string as the one
 * byte 0xFF because DataSketches ignores empty input, booleans as 1/0), and reads the composite estimate:
 * the estimator of a sketch that merges have touched, which is what a tiled window read always is.
 */
final class OracleAggregates {

    private OracleAggregates() {
    }

    static Object value(FeatureDefinition feature, List<OracleEvent> events, OracleRules rules) {
        String column = feature.column().orElse(null);
        List<OracleEvent> withValue = column == null ? events
                : events.stream().filter(e -> e.columns().get(column) != null).toList();
        ValueType type = feature.inputType().orElse(null);
        return switch (feature.aggregation()) {
            case COUNT -> (long) withValue.size();
            case SUM -> doubleOrLongSum(feature, withValue, column, type, rules);
            case MIN -> withValue.stream().map(e -> e.columns().get(column)).min(valueOrder(type)).orElse(null);
            case MAX -> withValue.stream().map(e -> e.columns().get(column)).max(valueOrder(type)).orElse(null);
            case MEAN -> withValue.isEmpty() ? null
                    : exactDouble(sum(withValue, column), BigDecimal.valueOf(withValue.size()));
            case VARIANCE -> withValue.isEmpty() ? null : variance(withValue, column);
            case STDDEV -> withValue.isEmpty() ? null : Math.sqrt(variance(withValue, column));
            case FIRST -> withValue.stream().min(OracleEvent.EVENT_ORDER).map(e -> e.columns().get(column)).orElse(null);
            case LAST -> withValue.stream().max(OracleEvent.EVENT_ORDER).map(e -> e.columns().get(column)).orElse(null);
            case COUNT_DISTINCT -> countDistinct(withValue, column, type);
            case LAST_N -> lastN(withValue, column, feature.n());
        };
    }

    /** A method, not a conditional expression: {@code c ? Long : double} would unbox the Long to a double. */
    private static Object doubleOrLongSum(FeatureDefinition feature, List<OracleEvent> events, String column,
                                          ValueType type, OracleRules rules) {
        if (type == ValueType.LONG) {
            return longSum(feature, events, column);
        }
        if (rules.naiveDoubleSum()) {
            return naiveSum(events, column);
        }
        return exactDouble(sum(events, column), BigDecimal.ONE);
    }

    private static Long longSum(FeatureDefinition feature, List<OracleEvent> events, String column) {
        BigInteger total = BigInteger.ZERO;
        for (OracleEvent e : events) {
            total = total.add(BigInteger.valueOf((Long) e.columns().get(column)));
        }
        if (total.bitLength() > 63) {
            throw new ArithmeticException(feature.name() + ": sum " + total + " does not fit a long");
        }
        return total.longValueExact();
    }

    private static BigDecimal sum(List<OracleEvent> events, String column) {
        BigDecimal total = BigDecimal.ZERO;
        for (OracleEvent e : events) {
            total = total.add(exact(e.columns().get(column)));
        }
        return total;
    }

    private static BigDecimal exact(Object value) {
        return value instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) value);
    }

    /** The broken rule of {@link OracleRules#naiveDoubleSum()}: rounding after every addition. */
    private static Double naiveSum(List<OracleEvent> events, String column) {
        double total = 0.0;
        for (OracleEvent e : events) {
            total += (Double) e.columns().get(column);
        }
        return total;
    }

    private static double exactDouble(BigDecimal numerator, BigDecimal denominator) {
        return ExactRational.toDouble(numerator, denominator);
    }

    /** Population variance (n * S2 - S1^2) / n^2 with S1 and S2 exact, rounded once. */
    private static double variance(List<OracleEvent> events, String column) {
        BigDecimal s1 = BigDecimal.ZERO;
        BigDecimal s2 = BigDecimal.ZERO;
        for (OracleEvent e : events) {
            BigDecimal x = exact(e.columns().get(column));
            s1 = s1.add(x);
            s2 = s2.add(x.multiply(x));
        }
        BigDecimal n = BigDecimal.valueOf(events.size());
        return exactDouble(n.multiply(s2).subtract(s1.multiply(s1)), n.multiply(n));
    }

    private static Long countDistinct(List<OracleEvent> events, String column, ValueType type) {
        HllSketch sketch = new HllSketch(12, TgtHllType.HLL_8);
        for (OracleEvent e : events) {
            Object v = e.columns().get(column);
            switch (type) {
                case LONG -> sketch.update((Long) v);
                case DOUBLE -> sketch.update((Double) v);
                case STRING -> {
                    String s = (String) v;
                    sketch.update(s.isEmpty() ? new byte[] {(byte) 0xFF} : s.getBytes(StandardCharsets.UTF_8));
                }
                case BOOLEAN -> sketch.update((Boolean) v ? 1L : 0L);
            }
        }
        return sketch.isEmpty() ? 0L : Math.round(sketch.getCompositeEstimate());
    }

    private static List<Object> lastN(List<OracleEvent> events, String column, int n) {
        List<OracleEvent> newestFirst = new ArrayList<>(events);
        newestFirst.sort(OracleEvent.EVENT_ORDER.reversed());
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, newestFirst.size()); i++) {
            out.add(newestFirst.get(i).columns().get(column));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Object> valueOrder(ValueType type) {
        return switch (type) {
            case LONG -> Comparator.comparing(v -> (Long) v);
            case DOUBLE -> (a, b) -> Double.compare((Double) a, (Double) b);
            case STRING -> Comparator.comparing(v -> (String) v);
            case BOOLEAN -> Comparator.comparing(v -> (Boolean) v);
        };
    }
}
