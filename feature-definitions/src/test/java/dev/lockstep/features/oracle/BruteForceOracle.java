package dev.lockstep.features.oracle;

import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureGroupSpec;
import dev.lockstep.features.spec.SourceSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * An independent reference for value(t): straight from raw records, with no tiles and no engine code.
 * It re-states the contract of docs/semantics.md naively (filter, sort, sum with BigDecimal) so that a
 * bug in the engine's optimized path cannot hide in shared code. Only the spec records are shared.
 */
public final class BruteForceOracle {

    private final SourceSpec source;
    private final FeatureGroupSpec group;

    public BruteForceOracle(SourceSpec source, FeatureGroupSpec group) {
        this.source = source;
        this.group = group;
    }

    /** Accepted, deduplicated records of all entities, as the contract defines them. */
    public List<RawRecord> acceptedAndDeduplicated(List<RawRecord> records) {
        long lateness = source.allowedLateness().toMillis();
        long skew = source.maxFutureSkew().toMillis();
        Set<String> columns = group.features().stream().flatMap(f -> f.column().stream()).collect(Collectors.toSet());
        List<RawRecord> accepted = new ArrayList<>();
        for (RawRecord record : records) {
            Object key = record.fields().get(source.entityKey());
            Object time = record.fields().get(source.eventTime());
            if (key == null || key.toString().isEmpty() || !(time instanceof Long eventTime)) {
                continue;
            }
            if (eventTime < record.arrival() - lateness || eventTime > record.arrival() + skew) {
                continue;
            }
            boolean finite = columns.stream().map(record.fields()::get)
                    .noneMatch(v -> v instanceof Double d && (d.isNaN() || d.isInfinite()));
            if (finite) {
                accepted.add(record);
            }
        }
        if (source.eventId().isEmpty()) {
            return accepted;
        }
        String idField = source.eventId().get();
        List<RawRecord> byArrival = new ArrayList<>(accepted);
        byArrival.sort(Comparator.comparingLong(RawRecord::arrival).thenComparingInt(RawRecord::partition)
                .thenComparingLong(RawRecord::offset));
        Set<List<Object>> seen = new HashSet<>();
        List<RawRecord> survivors = new ArrayList<>();
        for (RawRecord record : byArrival) {
            Object id = record.fields().get(idField);
            if (id == null || seen.add(List.of(record.fields().get(source.entityKey()).toString(), id.toString(),
                    record.fields().get(source.eventTime())))) {
                survivors.add(record);
            }
        }
        return survivors;
    }

    /** Every feature's value for one entity at read time t. */
    public Map<String, Object> valuesAt(List<RawRecord> records, String entity, long t) {
        List<RawRecord> visible = acceptedAndDeduplicated(records).stream()
                .filter(r -> r.fields().get(source.entityKey()).toString().equals(entity))
                .filter(r -> r.arrival() <= t)
                .toList();
        Map<String, Object> values = new LinkedHashMap<>();
        for (FeatureDefinition feature : group.features()) {
            long window = feature.window().toMillis();
            long hop = hopOf(window);
            long tail = Math.floorDiv(t - window, hop) * hop;
            List<RawRecord> inWindow = visible.stream()
                    .filter(r -> (Long) r.fields().get(source.eventTime()) >= tail)
                    .filter(r -> feature.column().map(c -> r.fields().get(c) != null).orElse(true))
                    .sorted(totalOrder())
                    .toList();
            values.put(feature.name(), aggregate(feature, inWindow));
        }
        return values;
    }

    private static long hopOf(long windowMillis) {
        long hour = 3_600_000L;
        if (windowMillis >= 12 * 24 * hour) {
            return 24 * hour;
        }
        return windowMillis >= 12 * hour ? hour : 5 * 60_000L;
    }

    private Comparator<RawRecord> totalOrder() {
        return Comparator.<RawRecord>comparingLong(r -> (Long) r.fields().get(source.eventTime()))
                .thenComparingLong(RawRecord::arrival)
                .thenComparingInt(RawRecord::partition)
                .thenComparingLong(RawRecord::offset);
    }

    private static Object aggregate(FeatureDefinition feature, List<RawRecord> events) {
        List<Object> values = events.stream()
                .map(r -> feature.column().map(c -> normalize(r.fields().get(c))).orElse(Boolean.TRUE))
                .toList();
        boolean isDouble = feature.inputType().map(t -> t.name().equals("DOUBLE")).orElse(false);
        switch (feature.aggregation()) {
            case COUNT:
                return (long) values.size();
            case SUM:
                if (isDouble) {
                    return nearestDouble(exactSum(values), BigDecimal.ONE);
                }
                return values.stream().mapToLong(v -> (Long) v).reduce(0L, Math::addExact);
            case MIN:
                return values.stream().min(BruteForceOracle::compareValues).orElse(null);
            case MAX:
                return values.stream().max(BruteForceOracle::compareValues).orElse(null);
            case MEAN:
                return values.isEmpty() ? null
                        : nearestDouble(exactSum(values), BigDecimal.valueOf(values.size()));
            case VARIANCE:
                return values.isEmpty() ? null : variance(values);
            case STDDEV:
                return values.isEmpty() ? null : Math.sqrt(variance(values));
            case FIRST:
                return values.isEmpty() ? null : values.get(0);
            case LAST:
                return values.isEmpty() ? null : values.get(values.size() - 1);
            case COUNT_DISTINCT:
                return countDistinct(values);
            case LAST_N:
                List<Object> newestFirst = new ArrayList<>(values);
                java.util.Collections.reverse(newestFirst);
                return List.copyOf(newestFirst.subList(0, Math.min(feature.n(), newestFirst.size())));
            default:
                throw new IllegalStateException("oracle has no rule for " + feature.aggregation());
        }
    }

    private static Object normalize(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static int compareValues(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        return ((Comparable<Object>) a).compareTo(b);
    }

    private static BigDecimal exactSum(List<Object> values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Object value : values) {
            sum = sum.add(toBig(value));
        }
        return sum;
    }

    private static BigDecimal toBig(Object value) {
        return value instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) value);
    }

    /** Population variance (n * sum(x^2) - sum(x)^2) / n^2, exact, rounded once to the nearest double. */
    private static double variance(List<Object> values) {
        BigDecimal n = BigDecimal.valueOf(values.size());
        BigDecimal s1 = exactSum(values);
        BigDecimal s2 = BigDecimal.ZERO;
        for (Object value : values) {
            BigDecimal x = toBig(value);
            s2 = s2.add(x.multiply(x));
        }
        BigDecimal numerator = n.multiply(s2).subtract(s1.multiply(s1));
        return nearestDouble(numerator, n.multiply(n));
    }

    /**
     * The double nearest to the exact rational numerator / denominator (denominator > 0), ties to even.
     * A 40-digit quotient gives a guess; the answer is the best of the guess and its neighbours, compared
     * exactly: |c - N/D| orders like |c * D - N|, so no rounded division can hide a tie-breaking
     * remainder. ({@code BigDecimal.doubleValue()} alone is not enough: on JDK 17 it parses the decimal
     * string, and {@code Double.parseDouble} misrounds some long inputs; fixed in JDK 19.)
     */
    static double nearestDouble(BigDecimal numerator, BigDecimal denominator) {
        double guess = numerator.divide(denominator, new MathContext(40)).doubleValue();
        if (Double.isInfinite(guess)) {
            return guess;
        }
        double best = guess;
        BigDecimal bestError = distance(guess, numerator, denominator);
        double[] candidates = {Math.nextDown(Math.nextDown(guess)), Math.nextDown(guess), Math.nextUp(guess),
                Math.nextUp(Math.nextUp(guess))};
        for (double candidate : candidates) {
            if (Double.isInfinite(candidate)) {
                continue;
            }
            BigDecimal error = distance(candidate, numerator, denominator);
            int cmp = error.compareTo(bestError);
            if (cmp < 0 || (cmp == 0 && (Double.doubleToRawLongBits(candidate) & 1) == 0)) {
                best = candidate;
                bestError = error;
            }
        }
        return numerator.signum() == 0 ? 0.0 : best; // an exact zero is +0.0, as in the engine
    }

    private static BigDecimal distance(double candidate, BigDecimal numerator, BigDecimal denominator) {
        return new BigDecimal(candidate).multiply(denominator).subtract(numerator).abs();
    }

    /** HyperLogLog estimate over the exact set of distinct values, from the sketch library directly. */
    private static long countDistinct(List<Object> values) {
        Set<Object> distinct = new HashSet<>(values);
        if (distinct.isEmpty()) {
            return 0L;
        }
        HllSketch sketch = new HllSketch(12, TgtHllType.HLL_8);
        for (Object value : distinct) {
            if (value instanceof Long l) {
                sketch.update(l);
            } else if (value instanceof Double d) {
                sketch.update(d);
            } else if (value instanceof Boolean b) {
                sketch.update(b ? 1L : 0L);
            } else {
                sketch.update(Objects.toString(value));
            }
        }
        return Math.round(sketch.getEstimate());
    }
}
