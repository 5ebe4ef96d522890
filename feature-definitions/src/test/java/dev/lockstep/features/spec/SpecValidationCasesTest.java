package dev.lockstep.features.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad specs and the exact problems each must produce, as {@code path: reason}. The snippets share a
 * valid source over {@code spec/schemas/Kinds.avsc}, which has one field of each interesting type.
 */
class SpecValidationCasesTest {

    static final Path BASE_DIR = SpecTestFiles.directory("spec");

    static final String SOURCE = """
            sources:
              t:
                topic: t
                schema: schemas/Kinds.avsc
                entity_key: id
                event_time: ts
                allowed_lateness: 0s
                max_future_skew: 0s
            """;

    static final String FIELDS = "id, ts, count_int, amount, ratio, label, flag, kind, maybe_amount, either, tags,"
            + " attrs, micros";

    static final String ALLOWED_AGGS = "count, sum, min, max, mean, variance, stddev, first, last, count_distinct, last_n";

    /** The shared source and one group {@code g} with the given feature lines. */
    static String withFeatures(String... features) {
        StringBuilder yaml = new StringBuilder(SOURCE).append("""
                feature_groups:
                  g:
                    source: t
                    freshness: 1m
                    features:
                """);
        for (String feature : features) {
            yaml.append("      - ").append(feature).append('\n');
        }
        return yaml.toString();
    }

    /** The shared source, one valid group {@code g} (features a, b) and the given services block. */
    static String withServices(String services) {
        return withFeatures("{name: a, agg: count, window: 1h}", "{name: b, agg: sum, column: amount, window: 1h}")
                + "feature_services:\n" + services;
    }

    /** The shared source with one of its lines replaced, and a valid group. */
    static String withSourceLine(String line, String replacement) {
        return withFeatures("{name: a, agg: count, window: 1h}").replace(line, replacement);
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                arguments("unknown top-level key", SOURCE + "feature_group: {}\n", List.of(
                        "feature_group: unknown key 'feature_group'; allowed keys: sources, feature_groups, feature_services",
                        "feature_groups: required key is missing")),
                arguments("yaml syntax error", "sources: {t: [\n", List.of(
                        "sources.t[0]: YAML syntax error at line 2, column 1: expected the node content, but found"
                                + " '<stream end>' (while parsing a flow node started at line 2, column 1)")),
                arguments("duplicate source name", SOURCE + "  t: {}\n", List.of(
                        "sources.t: duplicate key 't' at line 9, column 4; YAML would silently keep only the last one")),
                arguments("unknown source key", withSourceLine("    topic: t\n", "    topic: t\n    partitions: 3\n"), List.of(
                        "sources.t.partitions: unknown key 'partitions'; allowed keys: topic, schema, entity_key,"
                                + " event_time, event_id, allowed_lateness, max_future_skew")),
                arguments("missing topic", withSourceLine("    topic: t\n", ""), List.of(
                        "sources.t.topic: required key is missing")),
                arguments("topic not a string", withSourceLine("topic: t", "topic: [a, b]"), List.of(
                        "sources.t.topic: expected a string, got a list")),
                arguments("schema file missing", withSourceLine("Kinds.avsc", "Nope.avsc"), List.of(
                        "sources.t.schema: schema file not found: " + BASE_DIR.resolve("schemas/Nope.avsc"))),
                arguments("schema not valid avro", withSourceLine("Kinds.avsc", "Broken.avsc"), List.of(
                        "sources.t.schema: not a valid Avro schema: Undefined schema: nosuchtype")),
                arguments("schema not a record", withSourceLine("Kinds.avsc", "NotRecord.avsc"), List.of(
                        "sources.t.schema: schema schemas/NotRecord.avsc must be an Avro record, got string")),
                arguments("entity key not a field", withSourceLine("entity_key: id", "entity_key: card"), List.of(
                        "sources.t.entity_key: no field 'card' in schema dev.lockstep.test.Kinds; its fields: " + FIELDS)),
                arguments("entity key of wrong type", withSourceLine("entity_key: id", "entity_key: amount"), List.of(
                        "sources.t.entity_key: entity key amount must be a string, long or int, got double")),
                arguments("event time not a long", withSourceLine("event_time: ts", "event_time: label"), List.of(
                        "sources.t.event_time: event time label must be a long of epoch millis, got string")),
                arguments("event time in micros", withSourceLine("event_time: ts", "event_time: micros"), List.of(
                        "sources.t.event_time: event time micros must be epoch millis, got logical type timestamp-micros")),
                arguments("event id not a field", withSourceLine("event_time: ts", "event_time: ts\n    event_id: uuid"), List.of(
                        "sources.t.event_id: no field 'uuid' in schema dev.lockstep.test.Kinds; its fields: " + FIELDS)),
                arguments("lateness not a duration", withSourceLine("allowed_lateness: 0s", "allowed_lateness: 10 minutes"), List.of(
                        "sources.t.allowed_lateness: expected a duration such as 10m, 1h or 30d, got '10 minutes'")),
                arguments("unknown source in group", withFeatures("{name: a, agg: count, window: 1h}")
                        .replace("source: t", "source: payments"), List.of(
                        "feature_groups.g.source: unknown source 'payments'; defined sources: t")),
                arguments("freshness missing", withFeatures("{name: a, agg: count, window: 1h}")
                        .replace("    freshness: 1m\n", ""), List.of(
                        "feature_groups.g.freshness: required key is missing")),
                arguments("freshness zero", withFeatures("{name: a, agg: count, window: 1h}")
                        .replace("freshness: 1m", "freshness: 0m"), List.of(
                        "feature_groups.g.freshness: freshness must be positive, got 0m")),
                arguments("group without features", withFeatures().replace("features:\n", "features: []\n"), List.of(
                        "feature_groups.g.features: expected a non-empty list of features, got a list")),
                arguments("unknown feature key", withFeatures("{name: a, agg: count, window: 1h, every: 5m}"), List.of(
                        "feature_groups.g.features[0].every: unknown key 'every'; allowed keys: name, agg, column, window, n")),
                arguments("unknown aggregation", withFeatures("{name: a, agg: avg, column: amount, window: 1h}"), List.of(
                        "feature_groups.g.features[0].agg: unknown aggregation 'avg'; allowed: " + ALLOWED_AGGS)),
                arguments("missing column", withFeatures("{name: a, agg: sum, window: 1h}"), List.of(
                        "feature_groups.g.features[0].column: aggregation sum needs a column")),
                arguments("unknown column", withFeatures("{name: a, agg: sum, column: amt, window: 1h}"), List.of(
                        "feature_groups.g.features[0].column: no field 'amt' in schema dev.lockstep.test.Kinds; its fields: "
                                + FIELDS)),
                arguments("array column", withFeatures("{name: a, agg: last, column: tags, window: 1h}"), List.of(
                        "feature_groups.g.features[0].column: column tags has unsupported type array; supported: int,"
                                + " long, float, double, string, enum, boolean, each optionally in a union with null")),
                arguments("union of two types", withFeatures("{name: a, agg: last, column: either, window: 1h}"), List.of(
                        "feature_groups.g.features[0].column: column either has unsupported type union [null, string,"
                                + " long]; supported: int, long, float, double, string, enum, boolean, each optionally in a"
                                + " union with null")),
                arguments("sum of a string", withFeatures("{name: a, agg: sum, column: label, window: 1h}"), List.of(
                        "feature_groups.g.features[0].column: aggregation sum does not accept column label of type string")),
                arguments("mean of a boolean", withFeatures("{name: a, agg: mean, column: flag, window: 1h}"), List.of(
                        "feature_groups.g.features[0].column: aggregation mean does not accept column flag of type boolean")),
                arguments("last_n without n", withFeatures("{name: a, agg: last_n, column: label, window: 1h}"), List.of(
                        "feature_groups.g.features[0].n: last_n needs n, the number of values to keep (1 to 1000)")),
                arguments("last_n with n out of range", withFeatures(
                        "{name: a, agg: last_n, n: 0, column: label, window: 1h}",
                        "{name: b, agg: last_n, n: 1001, column: label, window: 1h}",
                        "{name: c, agg: last_n, n: five, column: label, window: 1h}"), List.of(
                        "feature_groups.g.features[0].n: n must be an integer from 1 to 1000, got 0",
                        "feature_groups.g.features[1].n: n must be an integer from 1 to 1000, got 1001",
                        "feature_groups.g.features[2].n: n must be an integer from 1 to 1000, got 'five'")),
                arguments("n for another aggregation", withFeatures("{name: a, agg: max, n: 3, column: amount, window: 1h}"), List.of(
                        "feature_groups.g.features[0].n: n applies only to last_n, not to max")),
                arguments("lifetime window", withFeatures("{name: a, agg: count}"), List.of(
                        "feature_groups.g.features[0].window: every feature needs a window: a lifetime window would make"
                                + " the state, the Redis TTL and the dedup horizon unbounded")),
                arguments("windows out of bounds", withFeatures(
                        "{name: a, agg: count, window: 30s}",
                        "{name: b, agg: count, window: 90s}",
                        "{name: c, agg: count, window: 401d}",
                        "{name: d, agg: count, window: 1 hour}"), List.of(
                        "feature_groups.g.features[0].window: window must be at least 1m, got 30s",
                        "feature_groups.g.features[1].window: window must be a whole number of minutes, got 90s",
                        "feature_groups.g.features[2].window: window must be at most 400d, got 401d",
                        "feature_groups.g.features[3].window: expected a duration such as 10m, 1h or 30d, got '1 hour'")),
                arguments("duplicate feature name", withFeatures(
                        "{name: a, agg: count, window: 1h}", "{name: a, agg: count, window: 2h}"), List.of(
                        "feature_groups.g.features[1].name: duplicate feature name 'a'; first declared at features[0]")),
                arguments("name unfit for references", withFeatures("{name: a.b, agg: count, window: 1h}"), List.of(
                        "feature_groups.g.features[0].name: name 'a.b' must start with a letter or underscore and"
                                + " contain only letters, digits and underscores")),
                arguments("service names unknown group", withServices("  s: {features: [h.*]}\n"), List.of(
                        "feature_services.s.features[0]: unknown feature group 'h'; defined groups: g")),
                arguments("service names unknown feature", withServices("  s: {features: [g.c]}\n"), List.of(
                        "feature_services.s.features[0]: unknown feature 'c' in group g; its features: a, b")),
                arguments("service reference malformed", withServices("  s: {features: [g, g.]}\n"), List.of(
                        "feature_services.s.features[0]: expected group.feature or group.*, got 'g'",
                        "feature_services.s.features[1]: expected group.feature or group.*, got 'g.'")),
                arguments("service lists a feature twice", withServices("  s: {features: [g.*, g.b]}\n"), List.of(
                        "feature_services.s.features[1]: feature g.b is already listed by features[0]")),
                arguments("unknown staleness policy", withServices(
                        "  s: {features: [g.*], staleness: {policy: drop, grace: 1m}}\n"), List.of(
                        "feature_services.s.staleness.grace: unknown key 'grace'; allowed keys: policy",
                        "feature_services.s.staleness.policy: unknown staleness policy 'drop'; allowed: serve_marked,"
                                + " fallback_default, reject")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void shouldReportExactlyTheExpectedProblems(String description, String yaml, List<String> expected) {
        SpecValidationException failure = catchThrowableOfType(SpecValidationException.class,
                () -> FeatureSpecLoader.load(yaml, BASE_DIR, "case.yaml"));

        assertThat(failure).as("a spec with %s must not load", description).isNotNull();
        assertThat(failure.problems()).extracting(p -> p.path() + ": " + p.reason()).containsExactlyElementsOf(expected);
        assertThat(failure.problems()).extracting(SpecProblem::file).containsOnly("case.yaml");
    }
}
