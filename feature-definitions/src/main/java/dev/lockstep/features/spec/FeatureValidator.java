package dev.lockstep.features.spec;

import static dev.lockstep.features.spec.SpecTree.join;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.features.agg.AggregationKind;
import dev.lockstep.features.agg.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/** Validates one entry of a group's {@code features} against the group's source schema. */
final class FeatureValidator {

    static final List<String> KEYS = List.of("name", "agg", "column", "window", "n");

    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(400);
    static final int MAX_N = 1000;

    private static final String NO_LIFETIME_WINDOW = "every feature needs a window: a lifetime window would make"
            + " the state, the Redis TTL and the dedup horizon unbounded";

    private final Problems problems;
    private final SpecTree tree;

    FeatureValidator(Problems problems) {
        this.problems = problems;
        this.tree = new SpecTree(problems);
    }

    /**
     * @param schema the source's record schema; empty when the source is unknown or broken, which is
     *               already reported, so column checks are skipped rather than piled on
     */
    Optional<FeatureDefinition> validate(JsonNode node, String path, Optional<Schema> schema) {
        int before = problems.count();
        if (!tree.isMapping(node, path)) {
            return Optional.empty();
        }
        tree.rejectUnknownKeys(node, path, KEYS);
        Optional<String> name = tree.requiredString(node, path, "name");
        name.ifPresent(n -> tree.checkName(n, join(path, "name")));
        Optional<AggregationKind> aggregation = tree.requiredString(node, path, "agg")
                .flatMap(text -> aggregation(text, join(path, "agg")));
        Optional<String> column = tree.optionalString(node, path, "column");
        Optional<ValueType> inputType = column.flatMap(c -> schema.flatMap(s -> columnType(s, c, join(path, "column"))));
        Optional<Duration> window = window(node, path);
        int n = aggregation.map(kind -> n(node, path, kind)).orElse(0);
        aggregation.ifPresent(kind -> {
            if (kind.requiresColumn() && column.isEmpty() && !node.has("column")) {
                problems.add(join(path, "column"), "aggregation " + kind.specName() + " needs a column");
            }
            inputType.filter(type -> !kind.accepts(type)).ifPresent(type -> problems.add(join(path, "column"),
                    "aggregation " + kind.specName() + " does not accept column " + column.get() + " of type "
                            + AvroFields.typeName(schema.get().getField(column.get()).schema())));
        });
        if (problems.count() > before || column.isPresent() && inputType.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FeatureDefinition(name.get(), aggregation.get(), column, inputType, window.get(), n));
    }

    private Optional<AggregationKind> aggregation(String text, String path) {
        Optional<AggregationKind> kind = AggregationKind.fromSpecName(text);
        if (kind.isEmpty()) {
            problems.add(path, "unknown aggregation '" + text + "'; allowed: " + AggregationKind.specNames());
        }
        return kind;
    }

    private Optional<ValueType> columnType(Schema record, String column, String path) {
        Schema.Field field = record.getField(column);
        if (field == null) {
            problems.add(path, AvroFields.noSuchField(column, record));
            return Optional.empty();
        }
        Optional<ValueType> type = AvroFields.valueType(field.schema());
        if (type.isEmpty()) {
            problems.add(path, "column " + column + " has unsupported type " + AvroFields.typeName(field.schema())
                    + "; supported: int, long, float, double, string, enum, boolean, each optionally in a union with null");
        }
        return type;
    }

    private Optional<Duration> window(JsonNode node, String path) {
        String windowPath = join(path, "window");
        Optional<JsonNode> value = tree.optional(node, "window");
        if (value.isEmpty()) {
            problems.add(windowPath, NO_LIFETIME_WINDOW);
            return Optional.empty();
        }
        Optional<Duration> window = tree.duration(value.get(), windowPath);
        window.ifPresent(w -> windowRule(w).ifPresent(reason -> problems.add(windowPath, reason)));
        return window;
    }

    private static Optional<String> windowRule(Duration window) {
        String text = Durations.format(window);
        if (window.compareTo(MIN_WINDOW) < 0) {
            return Optional.of("window must be at least 1m, got " + text);
        }
        if (window.toMillis() % MIN_WINDOW.toMillis() != 0) {
            return Optional.of("window must be a whole number of minutes, got " + text);
        }
        if (window.compareTo(MAX_WINDOW) > 0) {
            return Optional.of("window must be at most 400d, got " + text);
        }
        return Optional.empty();
    }

    private int n(JsonNode node, String path, AggregationKind kind) {
        String nPath = join(path, "n");
        Optional<JsonNode> value = tree.optional(node, "n");
        if (!kind.takesN()) {
            value.ifPresent(v -> problems.add(nPath, "n applies only to last_n, not to " + kind.specName()));
            return 0;
        }
        if (value.isEmpty()) {
            problems.add(nPath, kind.specName() + " needs n, the number of values to keep (1 to " + MAX_N + ")");
            return 0;
        }
        JsonNode n = value.get();
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1 || n.intValue() > MAX_N) {
            problems.add(nPath, "n must be an integer from 1 to " + MAX_N + ", got " + SpecTree.describe(n));
            return 0;
        }
        return n.intValue();
    }
}
