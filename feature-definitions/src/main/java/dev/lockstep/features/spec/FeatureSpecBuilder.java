package dev.lockstep.features.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * Builds a feature spec in Java, the equivalent of a YAML spec file:
 *
 * <pre>{@code
 * FeatureSpec spec = FeatureSpecBuilder.create()
 *     .source("transactions", s -> s.topic("payments.transactions").schema(transactionSchema)
 *         .entityKey("card_id").eventTime("event_time").eventId("txn_id")
 *         .allowedLateness(Duration.ofMinutes(10)).maxFutureSkew(Duration.ofMinutes(1)))
 *     .group("card_txn", g -> g.source("transactions").freshness(Duration.ofMinutes(1))
 *         .count("txn_count_10m", Duration.ofMinutes(10))
 *         .feature("amount_sum_1h", AggregationKind.SUM, "amount", Duration.ofHours(1)))
 *     .service("fraud_v1", s -> s.features("card_txn.*").model("fraud"))
 *     .build();
 * }</pre>
 *
 * <p>The builder writes the same raw spec tree the YAML parses to, and {@link #build()} runs the same
 * validation on it, so both ways accept the same specs, produce equal {@link FeatureSpec}s and report
 * problems at the same paths (with {@value #FILE_NAME} as the file). A value left unset is reported as
 * missing, like a key left out of the YAML.
 */
public final class FeatureSpecBuilder {

    /** What problems of a built spec name as their file. */
    public static final String FILE_NAME = "FeatureSpecBuilder";

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path baseDir;
    private final Problems problems = new Problems(FILE_NAME);
    private final ObjectNode root = NODES.objectNode();
    private final Map<String, Schema> givenSchemas = new HashMap<>();

    private FeatureSpecBuilder(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** A builder whose relative schema paths resolve against the working directory. */
    public static FeatureSpecBuilder create() {
        return relativeTo(Path.of(""));
    }

    /** A builder whose relative schema paths resolve against the given directory. */
    public static FeatureSpecBuilder relativeTo(Path baseDir) {
        return new FeatureSpecBuilder(Objects.requireNonNull(baseDir, "baseDir"));
    }

    /** Adds a source, described by the given function. */
    public FeatureSpecBuilder source(String name, Consumer<SourceBuilder> source) {
        String path = SpecTree.join("sources", name);
        source.accept(new SourceBuilder(entry("sources", name), schema -> giveSchema(path, schema)));
        return this;
    }

    /** Adds a feature group, described by the given function. */
    public FeatureSpecBuilder group(String name, Consumer<GroupBuilder> group) {
        group.accept(new GroupBuilder(entry("feature_groups", name)));
        return this;
    }

    /** Adds a feature service, described by the given function. */
    public FeatureSpecBuilder service(String name, Consumer<ServiceBuilder> service) {
        service.accept(new ServiceBuilder(entry("feature_services", name)));
        return this;
    }

    /**
     * Validates everything added and returns the spec.
     *
     * @throws SpecValidationException listing every problem, exactly as the YAML loader would
     */
    public FeatureSpec build() {
        return new SpecValidator(problems.copy(), SchemaResolver.relativeTo(baseDir, givenSchemas)).validate(root.deepCopy());
    }

    /** A new named entry of a top-level mapping; a name given twice is a problem, as it is in YAML. */
    private ObjectNode entry(String section, String name) {
        ObjectNode mapping = root.has(section) ? (ObjectNode) root.get(section) : root.putObject(section);
        if (mapping.has(name)) {
            problems.add(SpecTree.join(section, name), "duplicate key '" + name + "'; each name may be added once");
        }
        return mapping.putObject(name);
    }

    /** Registers a schema given as an object under the reference its source records as its path. */
    private String giveSchema(String sourcePath, Schema schema) {
        String reference = "inline:" + schema.getFullName();
        Schema earlier = givenSchemas.putIfAbsent(reference, schema);
        if (earlier != null && !earlier.equals(schema)) {
            problems.add(SpecTree.join(sourcePath, "schema"), "another source was given a different schema also named "
                    + schema.getFullName());
        }
        return reference;
    }

    /** A duration as the spec writes it; one the spec cannot express is kept as is, for validation to report. */
    static JsonNode duration(Duration duration) {
        if (duration == null) {
            return NODES.nullNode();
        }
        try {
            // A negative duration is written as the YAML author would, e.g. -1m, so the problem reads alike.
            return NODES.textNode(duration.isNegative() ? "-" + Durations.format(duration.negated())
                    : Durations.format(duration));
        } catch (IllegalArgumentException e) {
            return NODES.textNode(duration.toString());
        }
    }
}
