package dev.lockstep.features.oracle;

import dev.lockstep.features.agg.AggregationKind;
import dev.lockstep.features.agg.ValueType;
import dev.lockstep.features.spec.FeatureDefinition;
import dev.lockstep.features.spec.FeatureGroupSpec;
import dev.lockstep.features.spec.FeatureServiceSpec;
import dev.lockstep.features.spec.FeatureSpec;
import dev.lockstep.features.spec.SourceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/** Specs for engine tests, built from the spec records directly (independent of the YAML loader). */
public final class TestSpecs {

    public static final String SOURCE = "events";
    public static final String GROUP = "everything";
    public static final Duration LATENESS = Duration.ofMinutes(10);
    public static final Duration SKEW = Duration.ofMinutes(1);

    public static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Event", "namespace": "dev.lockstep.test", "fields": [
              {"name": "id", "type": ["null", "string"], "default": null},
              {"name": "entity", "type": ["null", "string"], "default": null},
              {"name": "ts", "type": ["null", "long"], "default": null},
              {"name": "amount", "type": ["null", "double"], "default": null},
              {"name": "qty", "type": ["null", "long"], "default": null},
              {"name": "merchant", "type": ["null", "string"], "default": null},
              {"name": "country", "type": ["null", "string"], "default": null}
            ]}""");

    private TestSpecs() {
    }

    /** One group using every aggregation, over all four hop-determining window sizes. */
    public static FeatureSpec everyAggregation() {
        SourceSpec source = new SourceSpec(SOURCE, "test.events", "inline", SCHEMA, "entity", "ts",
                Optional.of("id"), LATENESS, SKEW);
        List<FeatureDefinition> features = List.of(
                feature("count_10m", AggregationKind.COUNT, null, null, "10m", 0),
                feature("amount_count_1h", AggregationKind.COUNT, "amount", ValueType.DOUBLE, "1h", 0),
                feature("amount_sum_1h", AggregationKind.SUM, "amount", ValueType.DOUBLE, "1h", 0),
                feature("qty_sum_24h", AggregationKind.SUM, "qty", ValueType.LONG, "24h", 0),
                feature("amount_min_24h", AggregationKind.MIN, "amount", ValueType.DOUBLE, "24h", 0),
                feature("qty_max_30d", AggregationKind.MAX, "qty", ValueType.LONG, "30d", 0),
                feature("merchant_min_1h", AggregationKind.MIN, "merchant", ValueType.STRING, "1h", 0),
                feature("amount_mean_30d", AggregationKind.MEAN, "amount", ValueType.DOUBLE, "30d", 0),
                feature("amount_var_24h", AggregationKind.VARIANCE, "amount", ValueType.DOUBLE, "24h", 0),
                feature("amount_std_1h", AggregationKind.STDDEV, "amount", ValueType.DOUBLE, "1h", 0),
                feature("country_first_24h", AggregationKind.FIRST, "country", ValueType.STRING, "24h", 0),
                feature("country_last_30d", AggregationKind.LAST, "country", ValueType.STRING, "30d", 0),
                feature("merchants_24h", AggregationKind.COUNT_DISTINCT, "merchant", ValueType.STRING, "24h", 0),
                feature("merchants_last3_10m", AggregationKind.LAST_N, "merchant", ValueType.STRING, "10m", 3));
        FeatureGroupSpec group = new FeatureGroupSpec(GROUP, SOURCE, Duration.ofMinutes(1), features);
        return new FeatureSpec(Map.of(SOURCE, source), Map.of(GROUP, group), Map.<String, FeatureServiceSpec>of());
    }

    private static FeatureDefinition feature(String name, AggregationKind kind, String column, ValueType type,
                                             String window, int n) {
        return new FeatureDefinition(name, kind, Optional.ofNullable(column), Optional.ofNullable(type),
                parse(window), n);
    }

    private static Duration parse(String window) {
        long amount = Long.parseLong(window.substring(0, window.length() - 1));
        return switch (window.charAt(window.length() - 1)) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException(window);
        };
    }
}
