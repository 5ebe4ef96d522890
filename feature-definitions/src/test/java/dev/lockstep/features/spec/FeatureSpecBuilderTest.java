package dev.lockstep.features.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.features.agg.AggregationKind;
import dev.lockstep.features.agg.ValueType;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class FeatureSpecBuilderTest {

    static FeatureSpecBuilder exampleBuilder() {
        return FeatureSpecBuilder.create()
                .source("transactions", s -> s.topic("payments.transactions")
                        .schema("classpath:schemas/Transaction.avsc")
                        .entityKey("card_id").eventTime("event_time").eventId("txn_id")
                        .allowedLateness(Duration.ofMinutes(10)).maxFutureSkew(Duration.ofMinutes(1)))
                .group("card_txn", g -> g.source("transactions").freshness(Duration.ofMinutes(1))
                        .count("txn_count_10m", Duration.ofMinutes(10))
                        .feature("amount_sum_1h", AggregationKind.SUM, "amount", Duration.ofHours(1))
                        .feature("amount_max_24h", AggregationKind.MAX, "amount", Duration.ofHours(24))
                        .feature("merchants_24h", AggregationKind.COUNT_DISTINCT, "merchant_id", Duration.ofHours(24))
                        .feature("amount_avg_30d", AggregationKind.MEAN, "amount", Duration.ofDays(30))
                        .feature("last_country", AggregationKind.LAST, "country", Duration.ofDays(30)))
                .service("fraud_v1", s -> s.features("card_txn.*").model("fraud").staleness(StalenessPolicy.SERVE_MARKED));
    }

    @Test
    void shouldBuildTheSameSpecAsTheBundledYamlExample() {
        assertThat(exampleBuilder().build()).isEqualTo(FeatureSpecLoader.loadResource("examples/fraud/features.yaml"));
    }

    @Test
    void shouldAcceptASchemaObjectAndRecordItsFullName() {
        Schema schema = SchemaBuilder.record("Click").namespace("dev.lockstep.test").fields()
                .requiredString("user").requiredLong("at").optionalDouble("dwell").endRecord();

        FeatureSpec spec = FeatureSpecBuilder.create()
                .source("clicks", s -> s.topic("clicks").schema(schema).entityKey("user").eventTime("at")
                        .allowedLateness(Duration.ZERO).maxFutureSkew(Duration.ZERO))
                .group("user_clicks", g -> g.source("clicks").freshness(Duration.ofDays(1))
                        .lastN("recent_dwell", 3, "dwell", Duration.ofHours(1)))
                .build();

        SourceSpec clicks = spec.source("clicks").orElseThrow();
        assertThat(clicks.schema()).isSameAs(schema);
        assertThat(clicks.schemaPath()).isEqualTo("inline:dev.lockstep.test.Click");
        assertThat(clicks.eventId()).isEmpty();
        FeatureDefinition recent = spec.group("user_clicks").orElseThrow().feature("recent_dwell").orElseThrow();
        assertThat(recent.n()).isEqualTo(3);
        assertThat(recent.inputType()).contains(ValueType.DOUBLE);
        assertThat(spec.group("user_clicks").orElseThrow().isStreamed()).isFalse();
        assertThat(spec.services()).isEmpty();
    }

    @Test
    void shouldReportProblemsAtTheSamePathsAsTheYamlLoader() {
        FeatureSpecBuilder builder = exampleBuilder()
                .group("broken", g -> g.source("transactions").freshness(Duration.ofMinutes(-1))
                        .feature("country_sum", AggregationKind.SUM, "country", Duration.ofSeconds(90))
                        .count("no_window", null));

        SpecValidationException failure = catchThrowableOfType(SpecValidationException.class, builder::build);

        assertThat(failure.problems()).containsExactly(
                new SpecProblem("FeatureSpecBuilder", "feature_groups.broken.freshness",
                        "expected a duration such as 10m, 1h or 30d, got '-1m'"),
                new SpecProblem("FeatureSpecBuilder", "feature_groups.broken.features[0].window",
                        "window must be a whole number of minutes, got 90s"),
                new SpecProblem("FeatureSpecBuilder", "feature_groups.broken.features[0].column",
                        "aggregation sum does not accept column country of type string"),
                new SpecProblem("FeatureSpecBuilder", "feature_groups.broken.features[1].window",
                        "every feature needs a window: a lifetime window would make the state, the Redis TTL and the"
                                + " dedup horizon unbounded"));
    }

    @Test
    void shouldReportAMissingValueAsAMissingKey() {
        FeatureSpecBuilder builder = FeatureSpecBuilder.create()
                .source("transactions", s -> s.schema("classpath:schemas/Transaction.avsc")
                        .entityKey("card_id").eventTime("event_time")
                        .allowedLateness(Duration.ZERO).maxFutureSkew(Duration.ZERO))
                .group("g", g -> g.source("transactions").count("c", Duration.ofMinutes(5)));

        SpecValidationException failure = catchThrowableOfType(SpecValidationException.class, builder::build);

        assertThat(failure.problems()).extracting(p -> p.path() + ": " + p.reason()).containsExactly(
                "sources.transactions.topic: required key is missing",
                "feature_groups.g.freshness: required key is missing");
    }

    @Test
    void shouldReportANameAddedTwiceInsteadOfKeepingTheLast() {
        FeatureSpecBuilder builder = exampleBuilder()
                .service("fraud_v1", s -> s.features("card_txn.amount_sum_1h"));

        SpecValidationException failure = catchThrowableOfType(SpecValidationException.class, builder::build);
        SpecValidationException again = catchThrowableOfType(SpecValidationException.class, builder::build);

        assertThat(failure.problems()).containsExactly(new SpecProblem("FeatureSpecBuilder", "feature_services.fraud_v1",
                "duplicate key 'fraud_v1'; each name may be added once"));
        assertThat(again.problems()).isEqualTo(failure.problems());
    }
}
